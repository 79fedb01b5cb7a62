namespace ExprGrad.Runtime;

/// <summary>
/// Dense linear algebra for <see cref="Ops"/> (Cholesky, triangular and LU solves) and the linear maps its
/// rules are written in (triangle masks, the symmetric part, Φ, embeddings of a diagonal). Plain O(n³) loops:
/// the models these serve have small matrices (covariances, correlation factors).
/// </summary>
public static partial class Kernels
{
    /// <summary>The lower Cholesky factor of the symmetric part ½(A + Aᵀ); NaN from the first pivot that is not
    /// positive on (the matrix is not positive-definite).</summary>
    public static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double pivot = a[j, j];
            for (int k = 0; k < j; k++) pivot -= l[j, k] * l[j, k];
            double diagonal = pivot > 0 ? Math.Sqrt(pivot) : double.NaN;
            l[j, j] = diagonal;
            for (int i = j + 1; i < n; i++)
            {
                double s = 0.5 * (a[i, j] + a[j, i]);
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / diagonal;
            }
        }
        return l;
    }

    /// <summary>X with LX = B, reading only the lower triangle of L (forward substitution, column by column).</summary>
    public static double[,] SolveLower(double[,] l, double[,] b)
    {
        int n = l.GetLength(0), m = b.GetLength(1);
        var x = (double[,])b.Clone();
        for (int c = 0; c < m; c++)
            for (int i = 0; i < n; i++)
            {
                double s = x[i, c];
                for (int k = 0; k < i; k++) s -= l[i, k] * x[k, c];
                x[i, c] = s / l[i, i];
            }
        return x;
    }

    /// <summary>X with UX = B, reading only the upper triangle of U (back substitution).</summary>
    public static double[,] SolveUpper(double[,] u, double[,] b)
    {
        int n = u.GetLength(0), m = b.GetLength(1);
        var x = (double[,])b.Clone();
        for (int c = 0; c < m; c++)
            for (int i = n - 1; i >= 0; i--)
            {
                double s = x[i, c];
                for (int k = i + 1; k < n; k++) s -= u[i, k] * x[k, c];
                x[i, c] = s / u[i, i];
            }
        return x;
    }

    /// <summary>X with AX = B by LU with partial pivoting; a singular A gives infinities or NaN.</summary>
    public static double[,] Solve(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        var lu = (double[,])a.Clone();
        var x = (double[,])b.Clone();
        for (int j = 0; j < n; j++)
        {
            int pivot = j;
            for (int i = j + 1; i < n; i++) if (Math.Abs(lu[i, j]) > Math.Abs(lu[pivot, j])) pivot = i;
            if (pivot != j)
            {
                for (int k = 0; k < n; k++) (lu[j, k], lu[pivot, k]) = (lu[pivot, k], lu[j, k]);
                for (int k = 0; k < m; k++) (x[j, k], x[pivot, k]) = (x[pivot, k], x[j, k]);
            }
            for (int i = j + 1; i < n; i++)
            {
                double factor = lu[i, j] / lu[j, j];
                lu[i, j] = factor;
                for (int k = j + 1; k < n; k++) lu[i, k] -= factor * lu[j, k];
                for (int k = 0; k < m; k++) x[i, k] -= factor * x[j, k];
            }
        }
        return SolveUpper(lu, x);
    }

    /// <summary>The vector as an n×1 matrix.</summary>
    /// <param name="v">The vector.</param>
    /// <returns>A new matrix.</returns>
    public static double[,] Column(double[] v)
    {
        var m = new double[v.Length, 1];
        for (int i = 0; i < v.Length; i++) m[i, 0] = v[i];
        return m;
    }

    /// <summary>The first column of a matrix, as a vector.</summary>
    /// <param name="m">The matrix.</param>
    /// <returns>A new vector.</returns>
    public static double[] FirstColumn(double[,] m)
    {
        var v = new double[m.GetLength(0)];
        for (int i = 0; i < v.Length; i++) v[i] = m[i, 0];
        return v;
    }

    /// <summary>The n×n identity matrix.</summary>
    /// <param name="n">The size.</param>
    /// <returns>A new matrix.</returns>
    public static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    /// <summary>s·I in the shape of <paramref name="like"/> (s on the main diagonal): the adjoint of Trace.</summary>
    public static double[,] ScaledIdentity(double s, double[,] like)
    {
        var m = NewLike(like);
        for (int i = 0; i < Math.Min(m.GetLength(0), m.GetLength(1)); i++) m[i, i] = s;
        return m;
    }

    /// <summary>A zero matrix shaped like <paramref name="like"/> with <paramref name="d"/> on its main diagonal:
    /// the adjoint of Diagonal.</summary>
    public static double[,] DiagonalMatrix(double[] d, double[,] like)
    {
        var m = NewLike(like);
        if (d.Length != Math.Min(m.GetLength(0), m.GetLength(1)))
            throw new ArgumentException($"DiagonalMatrix: {d.Length} elements for the diagonal of a {m.GetLength(0)}×{m.GetLength(1)} matrix.", nameof(d));
        for (int i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }

    /// <summary>The lower triangle, diagonal included; the rest 0.</summary>
    public static double[,] LowerTriangle(double[,] a) => Masked(a, static (i, j) => i >= j ? 1 : 0);

    /// <summary>The upper triangle, diagonal included; the rest 0.</summary>
    public static double[,] UpperTriangle(double[,] a) => Masked(a, static (i, j) => i <= j ? 1 : 0);

    /// <summary>Φ(A): the strict lower triangle and half the diagonal (Murray's Φ in the Cholesky rules).</summary>
    public static double[,] LowerHalfDiagonal(double[,] a) => Masked(a, static (i, j) => i > j ? 1 : i == j ? 0.5 : 0);

    /// <summary>½(A + Aᵀ).</summary>
    public static double[,] Symmetric(double[,] a)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"Symmetric: a {n}×{a.GetLength(1)} matrix is not square.", nameof(a));
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) s[i, j] = 0.5 * (a[i, j] + a[j, i]);
        return s;
    }

    private static double[,] Masked(double[,] a, Func<int, int, double> weight)
    {
        var m = NewLike(a);
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = weight(i, j) * a[i, j];
        return m;
    }
}
