namespace ExprGrad;

public static partial class Ops
{
    /// <summary>The sum of the main diagonal.</summary>
    /// <param name="a">A matrix (any shape: the diagonal has min(rows, columns) elements).</param>
    public static double Trace(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        double sum = 0;
        for (int i = 0; i < Math.Min(a.GetLength(0), a.GetLength(1)); i++) sum += a[i, i];
        return sum;
    }

    /// <summary>The main diagonal as a vector.</summary>
    /// <param name="a">A matrix (any shape: the diagonal has min(rows, columns) elements).</param>
    public static double[] Diagonal(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var d = new double[Math.Min(a.GetLength(0), a.GetLength(1))];
        for (int i = 0; i < d.Length; i++) d[i] = a[i, i];
        return d;
    }

    /// <summary>The lower-triangular L with LLᵀ = A for a symmetric positive-definite A. Only the symmetric part
    /// ½(A + Aᵀ) is read, so the gradient is symmetric (it is the gradient with respect to A as a symmetric matrix);
    /// if A is not positive-definite the factor holds NaN from the first failing pivot on.</summary>
    /// <param name="a">A square matrix.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not square.</exception>
    public static double[,] Cholesky(double[,] a) => Kernels.Cholesky(SquareMatrix(a, nameof(a)));

    /// <summary>X with LX = B, L lower-triangular: only the lower triangle of <paramref name="l"/> is read (the rest
    /// gets no gradient). A zero on the diagonal gives infinities or NaN.</summary>
    /// <param name="l">A square matrix.</param>
    /// <param name="b">A matrix with as many rows as <paramref name="l"/>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[,] SolveLower(double[,] l, double[,] b) => Kernels.SolveLower(SquareMatrix(l, nameof(l)), Rows(b, l, nameof(b)));

    /// <summary>x with Lx = b, L lower-triangular (see <see cref="SolveLower(double[,], double[,])"/>).</summary>
    /// <param name="l">A square matrix.</param>
    /// <param name="b">A vector with as many elements as <paramref name="l"/> has rows.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[] SolveLower(double[,] l, double[] b) => Kernels.FirstColumn(SolveLower(l, Kernels.Column(Checked(b, l, nameof(b)))));

    /// <summary>X with UX = B, U upper-triangular: only the upper triangle of <paramref name="u"/> is read.</summary>
    /// <param name="u">A square matrix.</param>
    /// <param name="b">A matrix with as many rows as <paramref name="u"/>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[,] SolveUpper(double[,] u, double[,] b) => Kernels.SolveUpper(SquareMatrix(u, nameof(u)), Rows(b, u, nameof(b)));

    /// <summary>x with Ux = b, U upper-triangular (see <see cref="SolveUpper(double[,], double[,])"/>).</summary>
    /// <param name="u">A square matrix.</param>
    /// <param name="b">A vector with as many elements as <paramref name="u"/> has rows.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[] SolveUpper(double[,] u, double[] b) => Kernels.FirstColumn(SolveUpper(u, Kernels.Column(Checked(b, u, nameof(b)))));

    /// <summary>X with AX = B (LU with partial pivoting); a singular A gives infinities or NaN.</summary>
    /// <param name="a">A square matrix.</param>
    /// <param name="b">A matrix with as many rows as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[,] Solve(double[,] a, double[,] b) => Kernels.Solve(SquareMatrix(a, nameof(a)), Rows(b, a, nameof(b)));

    /// <summary>x with Ax = b (see <see cref="Solve(double[,], double[,])"/>).</summary>
    /// <param name="a">A square matrix.</param>
    /// <param name="b">A vector with as many elements as <paramref name="a"/> has rows.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static double[] Solve(double[,] a, double[] b) => Kernels.FirstColumn(Solve(a, Kernels.Column(Checked(b, a, nameof(b)))));

    /// <summary>A⁻¹ (LU with partial pivoting); a singular A gives infinities or NaN.</summary>
    /// <param name="a">A square matrix.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not square.</exception>
    public static double[,] Inverse(double[,] a) => Kernels.Solve(SquareMatrix(a, nameof(a)), Kernels.Identity(a.GetLength(0)));

    /// <summary>log det A of a symmetric positive-definite A, as 2 Σ log Lᵢᵢ of its Cholesky factor. Like
    /// <see cref="Cholesky"/> it reads the symmetric part ½(A + Aᵀ), so its gradient is the symmetric A⁻¹; NaN
    /// when A is not positive-definite.</summary>
    /// <param name="a">A square matrix.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not square.</exception>
    public static double LogDeterminant(double[,] a)
    {
        var l = Cholesky(a);
        double sum = 0;
        for (int i = 0; i < l.GetLength(0); i++) sum += Math.Log(l[i, i]);
        return 2 * sum;
    }

    private static double[,] SquareMatrix(double[,] a, string name)
    {
        ArgumentNullException.ThrowIfNull(a, name);
        if (a.GetLength(0) != a.GetLength(1))
            throw new ArgumentException($"A {a.GetLength(0)}×{a.GetLength(1)} matrix is not square.", name);
        return a;
    }

    private static double[,] Rows(double[,] b, double[,] a, string name)
    {
        ArgumentNullException.ThrowIfNull(b, name);
        if (b.GetLength(0) != a.GetLength(0))
            throw new ArgumentException($"The right-hand side has {b.GetLength(0)} rows; the {a.GetLength(0)}×{a.GetLength(1)} matrix needs {a.GetLength(0)}.", name);
        return b;
    }

    private static double[] Checked(double[] b, double[,] a, string name)
    {
        ArgumentNullException.ThrowIfNull(b, name);
        ArgumentNullException.ThrowIfNull(a);
        if (b.Length != a.GetLength(0))
            throw new ArgumentException($"The right-hand side has {b.Length} elements; the {a.GetLength(0)}×{a.GetLength(1)} matrix needs {a.GetLength(0)}.", name);
        return b;
    }
}
