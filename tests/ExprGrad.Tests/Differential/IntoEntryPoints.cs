using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The <c>Into</c> twins of the second-order and Jacobian entry points (issues 17 and 18), each beside the entry
/// point it twins: the <c>double[]</c> overloads for programs of one vector parameter, the shaped ones otherwise.
/// Every twin must equal its <see cref="EntryPoint.Twin"/> bit for bit; the curvature of both is checked against
/// the Hessian of <c>CheckHessian</c>.
/// Buffers start with stale contents, so a result that is not fully written shows.
/// </summary>
public static class IntoEntryPoints
{
    /// <summary><c>Grad.HessianVectorProduct</c> along the program's direction (the <c>double[]</c> overload for one
    /// vector parameter, else the shaped one): the twin of <see cref="HessianVectorProductInto"/>.</summary>
    public static readonly EntryPoint HessianVectorProduct = new("Grad.HessianVectorProduct", false, _ => true, (p, o) =>
    {
        var hv = Overload(p, nameof(Grad.HessianVectorProduct), o);
        return args => Curvature((double[])EntryPoints.Call(hv, [.. args, p.Direction()]));
    }) { Expected = NoGradient, CurvatureFromHessian = DirectionalEntryPoints.Times };

    /// <summary><c>Grad.HessianVectorProductInto</c> along the program's direction.</summary>
    public static readonly EntryPoint HessianVectorProductInto = new("Grad.HessianVectorProductInto", false, _ => true, (p, o) =>
    {
        var hv = Overload(p, nameof(Grad.HessianVectorProductInto), o);
        return args =>
        {
            var result = Stale(RenderedProgram.Flatten(args).Length);
            EntryPoints.Call(hv, [.. args, p.Direction(), result]);
            return Curvature(result);
        };
    }) { Expected = NoGradient, CurvatureFromHessian = DirectionalEntryPoints.Times, Twin = HessianVectorProduct };

    /// <summary><c>Grad.Hessian</c>, row-major: the twin of <see cref="HessianInto"/>.</summary>
    public static readonly EntryPoint Hessian = new("Grad.Hessian", false, _ => true, (p, o) =>
    {
        var hessian = Overload(p, nameof(Grad.Hessian), o);
        return args => Curvature(RenderedProgram.Flatten([EntryPoints.Call(hessian, args)]));
    }) { Expected = NoGradient, CurvatureFromHessian = (h, _) => RenderedProgram.Flatten([h]) };

    /// <summary><c>Grad.HessianInto</c>, row-major.</summary>
    public static readonly EntryPoint HessianInto = new("Grad.HessianInto", false, _ => true, (p, o) =>
    {
        var hessian = Overload(p, nameof(Grad.HessianInto), o);
        return args =>
        {
            int n = RenderedProgram.Flatten(args).Length;
            var result = Stale(n, n);
            EntryPoints.Call(hessian, [.. args, result]);
            return Curvature(RenderedProgram.Flatten([result]));
        };
    }) { Expected = NoGradient, CurvatureFromHessian = (h, _) => RenderedProgram.Flatten([h]), Twin = Hessian };

    /// <summary>The <c>double[]</c> overload of <c>Grad.JacobianVectorProductInto</c>, of <c>x =&gt; new[] { f(x) }</c>
    /// along each basis vector: the gradient.</summary>
    public static readonly EntryPoint FlatJacobianVectorProductInto = new("Grad.JacobianVectorProductInto (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var jvp = Grad.JacobianVectorProductInto(EntryPoints.AsVectorFunction(p), o);
        return args => new Answer(null, AlongEachBasisVector(args, (direction, result) => jvp((double[])args[0], direction, result)));
    }) { Twin = EntryPoints.FlatJacobianVectorProduct };

    /// <summary><c>Grad.JacobianVectorProductInto</c> (any other parameters) of the function itself along each basis vector.</summary>
    public static readonly EntryPoint JacobianVectorProductInto = new("Grad.JacobianVectorProductInto", false, p => !p.HasSingleVectorParameter, (p, o) =>
    {
        var jvp = (Delegate)EntryPoints.InvokeEntry(EntryPoints.GenericWithResult(nameof(Grad.JacobianVectorProductInto), p), [p.Function], o);
        return args => new Answer(null, AlongEachBasisVector(args, (direction, result) => EntryPoints.Call(jvp, [.. args, direction, result])));
    }) { Twin = EntryPoints.JacobianVectorProduct };

    /// <summary>The <c>double[]</c> overload of <c>Grad.VectorJacobianProductInto</c>, of <c>x =&gt; new[] { f(x) }</c> with seed [1]: the gradient.</summary>
    public static readonly EntryPoint FlatVectorJacobianProductInto = new("Grad.VectorJacobianProductInto (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var vjp = Grad.VectorJacobianProductInto(EntryPoints.AsVectorFunction(p), o);
        return args =>
        {
            var result = Stale(RenderedProgram.Flatten(args).Length);
            vjp((double[])args[0], [1.0], result);
            return new Answer(null, result);
        };
    }) { Twin = EntryPoints.FlatVectorJacobianProduct };

    /// <summary><c>Grad.VectorJacobianProductInto</c> (any other parameters) of the function itself with seed [1].</summary>
    public static readonly EntryPoint VectorJacobianProductInto = new("Grad.VectorJacobianProductInto", false, p => !p.HasSingleVectorParameter, (p, o) =>
    {
        var vjp = (Delegate)EntryPoints.InvokeEntry(EntryPoints.GenericWithResult(nameof(Grad.VectorJacobianProductInto), p), [p.Function], o);
        return args =>
        {
            var result = Stale(RenderedProgram.Flatten(args).Length);
            EntryPoints.Call(vjp, [.. args, new[] { 1.0 }, result]);
            return new Answer(null, result);
        };
    }) { Twin = EntryPoints.VectorJacobianProduct };

    /// <summary><c>Grad.JacobianInto</c> of the function with a one-element vector result (the <c>double[]</c> overload
    /// for one vector parameter): its one row, the gradient.</summary>
    public static readonly EntryPoint JacobianInto = new("Grad.JacobianInto", false, _ => true, (p, o) =>
    {
        var jacobian = p.HasSingleVectorParameter
            ? Grad.JacobianInto(EntryPoints.AsVectorFunction(p), o)
            : (Delegate)EntryPoints.InvokeEntry(EntryPoints.GenericWithResult(nameof(Grad.JacobianInto), p, typeof(double[])), [EntryPoints.AsVectorResult(p)], o);
        return args =>
        {
            var result = Stale(1, RenderedProgram.Flatten(args).Length);
            EntryPoints.Call(jacobian, [.. args, result]);
            return new Answer(null, RenderedProgram.Flatten([result]));
        };
    }) { Twin = EntryPoints.Jacobian };

    /// <summary>The Into twins run under every pass configuration (each against itself under the base options).
    /// <c>HessianInto</c> and <c>JacobianInto</c> are not among them: they call the same compiled products as
    /// <c>HessianVectorProductInto</c> and <c>VectorJacobianProductInto</c>/<c>JacobianVectorProductInto</c>, one per column
    /// or row, and with them the second-order adapters took about twice as long per pass.</summary>
    public static IReadOnlyList<EntryPoint> PerPass { get; } =
        [HessianVectorProductInto, FlatJacobianVectorProductInto, JacobianVectorProductInto, FlatVectorJacobianProductInto, VectorJacobianProductInto];

    /// <summary>The Into twins and the <c>double[]</c> second-order entry points they twin.</summary>
    public static IReadOnlyList<EntryPoint> All { get; } = [HessianVectorProduct, Hessian, HessianInto, JacobianInto, .. PerPass];

    /// <summary>The entry point's <c>double[]</c> overload for a program of one vector parameter, else its overload for the program's parameter types.</summary>
    private static Delegate Overload(RenderedProgram p, string name, GradientOptions o) => (Delegate)EntryPoints.InvokeEntry(
        p.HasSingleVectorParameter ? typeof(Grad).GetMethods().Single(m => m.Name == name && !m.IsGenericMethodDefinition) : EntryPoints.Generic(name, p),
        [p.Function], o);

    /// <summary>The first element of the product with each basis vector of the flattened point, written into stale buffers.</summary>
    private static double[] AlongEachBasisVector(object[] args, Action<double[], double[]> product)
    {
        int n = RenderedProgram.Flatten(args).Length;
        return [.. Enumerable.Range(0, n).Select(k =>
        {
            var (direction, result) = (new double[n], Stale(1));
            direction[k] = 1;
            product(direction, result);
            return result[0];
        })];
    }

    /// <summary>A second-order answer: nothing first-order to compare, the curvature checked against Grad.Hessian.</summary>
    private static Answer Curvature(double[] curvature) => new(null, [], curvature);

    private static double[] NoGradient(RenderedProgram p, double[] gradient) => [];

    private static double[] Stale(int length) => StaleBuffers.Vector(length);

    private static double[,] Stale(int rows, int columns) => StaleBuffers.Matrix(rows, columns);
}
