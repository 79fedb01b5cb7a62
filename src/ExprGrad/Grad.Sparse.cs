using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// The Jacobian of a vector function as a sparse matrix. Its sparsity pattern is found from the program,
    /// not from values at a point: every input each output can depend on, over every branch (a comparison of
    /// doubles is not decided: both sides count) and every loop iteration, with lengths, counters and closure
    /// data such as index arrays read as they are. The pattern is found on the first call and kept while the
    /// input length and the closure data it read are unchanged. Its columns are colored so that no two of a
    /// color share a row, and each color costs one Jacobian-vector product (or, when rows color into clearly
    /// fewer groups, one vector-Jacobian product): a tridiagonal Jacobian takes 3 products at any size.
    /// Constructs the analysis cannot follow give the dense pattern — never a missing nonzero.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the m×n Jacobian at a point, in compressed sparse rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null; the delegate throws it for a null point.</exception>
    /// <exception cref="ArgumentException">The delegate throws it for a point the function cannot take (too short for the elements it reads).</exception>
    public static Func<double[], CsrMatrix> SparseJacobian(Expression<Func<double[], double[]>> f, GradientOptions? options = null)
    {
        var rules = RuleTable.Current;
        var forward = Pipeline.BuildVectorProgram(f, ProgramKind.Forward, options, rules);
        var patterns = new SparsePatterns(forward, hessian: false);
        var tangent = new Lazy<Func<double[], double[], (double[] Value, double[] Tangent)>>(() => Tangent(forward, rules, options));
        var adjoint = new Lazy<Func<double[], double[], double[]>>(() => FlatVectorJacobianProduct(f, options, rules));
        return x =>
        {
            ArgumentNullException.ThrowIfNull(x);
            return SparseAssemble(patterns, x, plan => plan.ByRows ? seed => adjoint.Value(x, seed) : seed => tangent.Value(x, seed).Tangent);
        };
    }

    /// <summary>
    /// The Hessian of a scalar function as a sparse symmetric matrix. Its pattern comes from the program as for
    /// <see cref="SparseJacobian"/>: inputs interact where the program multiplies or divides values depending on
    /// them or applies a nonlinear function to one (a pair formed anywhere in the program counts, whether or not
    /// the result reaches the output: a superset of the exact pattern). The pattern is star-colored (each entry
    /// read directly from one of two Hessian-vector products), or colored so that no two columns of a color share
    /// a row where that needs no more colors; each color costs one forward-over-reverse Hessian-vector product.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the n×n Hessian at a point, in compressed sparse rows (both triangles stored).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null; the delegate throws it for a null point.</exception>
    /// <exception cref="ArgumentException">The delegate throws it for a point the function cannot take (too short for the elements it reads).</exception>
    public static Func<double[], CsrMatrix> SparseHessian(Expression<Func<double[], double>> f, GradientOptions? options = null)
    {
        var rules = RuleTable.Current;
        var product = FlatHessianVectorProduct(f, options, rules);
        var patterns = new SparsePatterns(Pipeline.Build(f, ProgramKind.Forward, options, rules), hessian: true);
        return x =>
        {
            ArgumentNullException.ThrowIfNull(x);
            return SparseAssemble(patterns, x, _ => seed => product(x, seed));
        };
    }

    private static CsrMatrix SparseAssemble(SparsePatterns patterns, double[] x, Func<SparsePatterns.Plan, Func<double[], double[]>> products)
    {
        var plan = patterns.For(x);
        if (SparseProducts.Assemble(plan, products(plan)) is { } matrix) return matrix;
        // The output length moved under a kept pattern (it depends on something the snapshot does not see): trace again.
        var fresh = patterns.For(x, stale: plan);
        return SparseProducts.Assemble(fresh, products(fresh))
            ?? throw new InvalidOperationException("The function's output length changes between calls at the same point.");
    }
}
