using System.Linq.Expressions;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The <c>Into</c> twins of the second-order and Jacobian entry points (issues 17 and 18), each beside the
/// <c>double[]</c> entry point it twins, for programs of one vector parameter. Every twin must equal its
/// <see cref="EntryPoint.Twin"/> bit for bit; the curvature of both is checked against <c>Grad.Hessian</c>.
/// Buffers start with stale contents, so a result that is not fully written shows.
/// </summary>
public static class IntoEntryPoints
{
    /// <summary>The <c>double[]</c> overload of <c>Grad.HessianVectorProduct</c> along the program's direction: the twin of its Into form.</summary>
    public static readonly EntryPoint FlatHessianVectorProduct = new("Grad.HessianVectorProduct (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var hv = Grad.HessianVectorProduct(Scalar(p), o);
        return args => Curvature(hv((double[])args[0], p.Direction()));
    }) { Expected = NoGradient, CurvatureFromHessian = DirectionalEntryPoints.Times };

    /// <summary><c>Grad.HessianVectorProductInto</c> along the program's direction.</summary>
    public static readonly EntryPoint HessianVectorProductInto = new("Grad.HessianVectorProductInto", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var hv = Grad.HessianVectorProductInto(Scalar(p), o);
        return args =>
        {
            var x = (double[])args[0];
            var result = Stale(x.Length);
            hv(x, p.Direction(), result);
            return Curvature(result);
        };
    }) { Expected = NoGradient, CurvatureFromHessian = DirectionalEntryPoints.Times, Twin = FlatHessianVectorProduct };

    /// <summary>The <c>double[]</c> overload of <c>Grad.Hessian</c>, row-major: the twin of <c>Grad.HessianInto</c>.</summary>
    public static readonly EntryPoint FlatHessian = new("Grad.Hessian (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var hessian = Grad.Hessian(Scalar(p), o);
        return args => Curvature(RenderedProgram.Flatten([hessian((double[])args[0])]));
    }) { Expected = NoGradient, CurvatureFromHessian = (h, _) => RenderedProgram.Flatten([h]) };

    /// <summary><c>Grad.HessianInto</c>, row-major.</summary>
    public static readonly EntryPoint HessianInto = new("Grad.HessianInto", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var hessian = Grad.HessianInto(Scalar(p), o);
        return args =>
        {
            var x = (double[])args[0];
            var result = new double[x.Length, x.Length];
            for (int i = 0; i < x.Length; i++)
                for (int j = 0; j < x.Length; j++) result[i, j] = 123.0;
            hessian(x, result);
            return Curvature(RenderedProgram.Flatten([result]));
        };
    }) { Expected = NoGradient, CurvatureFromHessian = (h, _) => RenderedProgram.Flatten([h]), Twin = FlatHessian };

    /// <summary><c>Grad.JacobianVectorProductInto</c> of <c>x =&gt; new[] { f(x) }</c> along each basis vector: the gradient.</summary>
    public static readonly EntryPoint JacobianVectorProductInto = new("Grad.JacobianVectorProductInto", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var jvp = Grad.JacobianVectorProductInto(EntryPoints.AsVectorFunction(p), o);
        return args =>
        {
            var x = (double[])args[0];
            return new Answer(null, [.. Enumerable.Range(0, x.Length).Select(k =>
            {
                var (direction, result) = (new double[x.Length], Stale(1));
                direction[k] = 1;
                jvp(x, direction, result);
                return result[0];
            })]);
        };
    }) { Twin = EntryPoints.FlatJacobianVectorProduct };

    /// <summary><c>Grad.VectorJacobianProductInto</c> of <c>x =&gt; new[] { f(x) }</c> with seed [1]: the gradient.</summary>
    public static readonly EntryPoint VectorJacobianProductInto = new("Grad.VectorJacobianProductInto", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var vjp = Grad.VectorJacobianProductInto(EntryPoints.AsVectorFunction(p), o);
        return args =>
        {
            var x = (double[])args[0];
            var result = Stale(x.Length);
            vjp(x, [1.0], result);
            return new Answer(null, result);
        };
    }) { Twin = EntryPoints.FlatVectorJacobianProduct };

    /// <summary><c>Grad.JacobianInto</c> of <c>x =&gt; new[] { f(x) }</c>: its one row, the gradient.</summary>
    public static readonly EntryPoint JacobianInto = new("Grad.JacobianInto", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var jacobian = Grad.JacobianInto(EntryPoints.AsVectorFunction(p), o);
        return args =>
        {
            var x = (double[])args[0];
            var result = new double[1, x.Length];
            for (int j = 0; j < x.Length; j++) result[0, j] = 123.0;
            jacobian(x, result);
            return new Answer(null, RenderedProgram.Flatten([result]));
        };
    }) { Twin = EntryPoints.Jacobian };

    /// <summary>The Into twins: run under every pass configuration (each against itself under the base options).</summary>
    public static IReadOnlyList<EntryPoint> PerPass { get; } =
        [HessianVectorProductInto, HessianInto, JacobianVectorProductInto, VectorJacobianProductInto, JacobianInto];

    /// <summary>The Into twins and the <c>double[]</c> second-order entry points they twin.</summary>
    public static IReadOnlyList<EntryPoint> All { get; } = [FlatHessianVectorProduct, FlatHessian, .. PerPass];

    private static Expression<Func<double[], double>> Scalar(RenderedProgram p) => (Expression<Func<double[], double>>)p.Function;

    /// <summary>A second-order answer: nothing first-order to compare, the curvature checked against Grad.Hessian.</summary>
    private static Answer Curvature(double[] curvature) => new(null, [], curvature);

    private static double[] NoGradient(RenderedProgram p, double[] gradient) => [];

    private static double[] Stale(int length) => [.. Enumerable.Repeat(123.0, length)];
}
