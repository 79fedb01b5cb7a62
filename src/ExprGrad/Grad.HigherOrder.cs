using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// The Hessian of a scalar function, by forward-over-reverse: the forward-mode tangent of the compiled
    /// gradient program along each basis direction gives one column. Linear and constant functions give
    /// zero matrices.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the n×n matrix of second derivatives at a point.</returns>
    public static Func<double[], double[,]> Hessian(Expression<Func<double[], double>> f, GradientOptions? options = null)
    {
        var hessianVector = HessianVectorProduct(f, options);
        return x =>
        {
            ArgumentNullException.ThrowIfNull(x);
            return FromProducts(x.Length, x.Length, byColumns: true, direction => hessianVector(x, direction));
        };
    }

    /// <summary>H·v without forming H: one forward-mode pass over the gradient program.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (x, v) =&gt; H(x)·v.</returns>
    public static Func<double[], double[], double[]> HessianVectorProduct(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        FlatHessianVectorProduct(f, options, RuleTable.Current);

    private static Func<double[], double[], double[]> FlatHessianVectorProduct(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        // Forward over reverse transforms the gradient program, whose tangents live in arrays and trails: its
        // checkpointed scans run as plain ones, loops allocate their trails and local arrays are copied at each write
        // (the same gradient, bit for bit).
        var plainScans = (options ?? GradientOptions.Default) with { Checkpointing = false, ReuseTrails = false, WriteArraysInPlace = false };
        var tangent = Tangent(Pipeline.BuildGradient(f, withValue: false, plainScans, rules), rules, plainScans);
        return (x, v) => tangent(Checked(x), CheckedDirection(x, v)).Tangent;
    }

    /// <summary>
    /// The Jacobian of a vector function (rows are outputs), choosing the mode by shape: forward mode
    /// (one pass per input) when there are no more inputs than outputs, reverse mode (one pass per
    /// output) otherwise. Write vector functions with <c>new[] { … }</c> or the vector <see cref="Ops"/>.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the m×n Jacobian at a point.</returns>
    public static Func<double[], double[,]> Jacobian(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatJacobian(f, options, RuleTable.Current);

    private static Func<double[], double[,]> FlatJacobian(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var forward = Pipeline.BuildVectorProgram(f, ProgramKind.Forward, options, rules);
        var value = (Func<double[], double[]>)forward.Compile();
        var tangent = new Lazy<Func<double[], double[], (double[] Value, double[] Tangent)>>(() => Tangent(forward, rules, options));
        var adjoint = new Lazy<Func<double[], double[], double[]>>(() =>
            (Func<double[], double[], double[]>)Pipeline.BuildVectorProgram(f, ProgramKind.VectorJacobianProduct, options, rules).Compile());
        var lastRows = new StrongBox<int>(-1);
        return x =>
        {
            ArgumentNullException.ThrowIfNull(x);
            int n = x.Length, m = -1;
            if (n <= lastRows.Value)
            {
                // Forward products won the last call: the first one brings f(x) along, so the output's length costs
                // no evaluation of its own. Only the choice rests on the last call; a different length is seen here.
                var direction = new double[n];
                if (n > 0) direction[0] = 1;
                var (value0, column0) = tangent.Value(x, direction);
                m = lastRows.Value = value0.Length;
                if (n <= m) return FromProducts(m, n, byColumns: true, d => tangent.Value(x, d).Tangent, column0);
            }
            if (m < 0) m = lastRows.Value = value(x).Length;
            return n <= m
                ? FromProducts(m, n, byColumns: true, direction => tangent.Value(x, direction).Tangent)
                : FromProducts(m, n, byColumns: false, seed => adjoint.Value(x, seed));
        };
    }

    /// <summary>Forward mode: J·v in one pass, without forming J.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (x, v) =&gt; J(x)·v.</returns>
    public static Func<double[], double[], double[]> JacobianVectorProduct(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatJacobianVectorProduct(f, options, RuleTable.Current);

    private static Func<double[], double[], double[]> FlatJacobianVectorProduct(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var tangent = Tangent(Pipeline.BuildVectorProgram(f, ProgramKind.Forward, options, rules), rules, options);
        return (x, v) => tangent(Checked(x), CheckedDirection(x, v)).Tangent;
    }

    /// <summary>Reverse mode: ȳ·J (the gradient of ȳ·f) in one pass, without forming J.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (x, ȳ) =&gt; ȳᵀ·J(x).</returns>
    public static Func<double[], double[], double[]> VectorJacobianProduct(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatVectorJacobianProduct(f, options, RuleTable.Current);

    private static Func<double[], double[], double[]> FlatVectorJacobianProduct(LambdaExpression f, GradientOptions? options, RuleSet rules) =>
        (Func<double[], double[], double[]>)Pipeline.BuildVectorProgram(f, ProgramKind.VectorJacobianProduct, options, rules).Compile();

    /// <summary>A rows×cols matrix from its products with the basis vectors: each product is a column
    /// (forward mode, J·eₖ) or a row (reverse mode, eᵢᵀ·J).</summary>
    // firstLine: the product with the first basis vector, when the caller already has it.
    private static double[,] FromProducts(int rows, int cols, bool byColumns, Func<double[], double[]> product, double[]? firstLine = null)
    {
        var matrix = new double[rows, cols];
        int count = byColumns ? cols : rows;
        var basis = new double[count];
        for (int k = 0; k < count; k++)
        {
            double[] line;
            if (k == 0 && firstLine is not null) line = firstLine;
            else
            {
                basis[k] = 1;
                line = product(basis);
                basis[k] = 0;
            }
            for (int j = 0; j < line.Length; j++)
            {
                if (byColumns) matrix[j, k] = line[j];
                else matrix[k, j] = line[j];
            }
        }
        return matrix;
    }

    /// <summary>(x, ẋ) =&gt; (f(x), J·ẋ) for a program (x) =&gt; double[].</summary>
    private static Func<double[], double[], (double[] Value, double[] Tangent)> Tangent(LambdaExpression program, RuleSet rules, GradientOptions? options) =>
        (Func<double[], double[], (double[], double[])>)TangentTransformer.Transform(program, rules, options).Compile();

    private static double[] Checked(double[] x) => x ?? throw new ArgumentNullException(nameof(x));

    private static double[] CheckedDirection(double[] x, double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Length != x.Length)
            throw new ArgumentException($"The direction has {v.Length} elements but the point has {x.Length}.", nameof(v));
        return v;
    }
}
