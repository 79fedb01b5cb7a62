namespace ExprGrad;

/// <summary>The traced forms of the pipeline's array-write primitives (<see cref="ArrayValues"/>,
/// <see cref="ArrayWrites"/>): one element replaced, the others kept — element-precise, where an opaque call
/// would make every element depend on the written value.</summary>
internal static class TraceArrays
{
    /// <summary>A copy with one element replaced.</summary>
    public static IndexSet?[] With(IndexSet?[] array, int index, IndexSet? value)
    {
        var copy = (IndexSet?[])array.Clone();
        copy[index] = value;
        return copy;
    }

    /// <inheritdoc cref="With(IndexSet[], int, IndexSet)"/>
    public static IndexSet?[,] With(IndexSet?[,] array, int row, int column, IndexSet? value)
    {
        var copy = (IndexSet?[,])array.Clone();
        copy[row, column] = value;
        return copy;
    }

    /// <summary>An in-place write.</summary>
    public static IndexSet?[] Set(IndexSet?[] array, int index, IndexSet? value)
    {
        array[index] = value;
        return array;
    }

    /// <inheritdoc cref="Set(IndexSet[], int, IndexSet)"/>
    public static IndexSet?[,] Set(IndexSet?[,] array, int row, int column, IndexSet? value)
    {
        array[row, column] = value;
        return array;
    }

    /// <summary>An in-place write in a branch the trace runs whether or not it is taken: the old value may remain.</summary>
    public static IndexSet?[] JoinSet(IndexSet?[] array, int index, IndexSet? value)
    {
        array[index] = IndexSet.Union(array[index], value);
        return array;
    }

    /// <inheritdoc cref="JoinSet(IndexSet[], int, IndexSet)"/>
    public static IndexSet?[,] JoinSet(IndexSet?[,] array, int row, int column, IndexSet? value)
    {
        array[row, column] = IndexSet.Union(array[row, column], value);
        return array;
    }
}
