using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Testing;

/// <summary>Generators of finite points for gradient properties (FsCheck's own doubles include NaN and ±∞).</summary>
public static class GradGen
{
    /// <summary>Doubles uniformly in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public static Gen<double> Scalar(double min = -3, double max = 3) =>
        Gen.Choose(0, int.MaxValue).Select(k => min + (max - min) * (k / (double)int.MaxValue));

    /// <summary>Vectors of <paramref name="length"/> doubles in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="length">Number of elements.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public static Gen<double[]> Vector(int length, double min = -3, double max = 3) =>
        Scalar(min, max).ArrayOf(length);

    /// <summary>Matrices of the given shape with elements in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    public static Gen<double[,]> Matrix(int rows, int columns, double min = -3, double max = 3) =>
        Vector(rows * columns, min, max).Select(v =>
        {
            var m = new double[rows, columns];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) m[i, j] = v[i * columns + j];
            return m;
        });
}
