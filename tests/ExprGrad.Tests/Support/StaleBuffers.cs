namespace ExprGrad.Tests.Support;

/// <summary>Result buffers holding stale values (123), so that an entry point that leaves part of its buffer
/// unwritten, or accumulates into it, shows.</summary>
public static class StaleBuffers
{
    public static double[] Vector(int length) => [.. Enumerable.Repeat(123.0, length)];

    public static double[,] Matrix(int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = 123.0;
        return m;
    }
}
