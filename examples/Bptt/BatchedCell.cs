// The batched, matrix-weight version of the cell is added with the matrix Ops (see README).
internal static class BatchedCell
{
    public static void Run() { }
}
