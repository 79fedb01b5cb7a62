namespace ExprGrad.Tests.Differential;

/// <summary>
/// The sparse drivers on the harness's programs of one vector parameter: <c>Grad.SparseJacobian</c> of
/// <c>x =&gt; new[] { f(x) }</c> (its one row is the gradient) and <c>Grad.SparseHessian</c> of f, expanded with
/// <see cref="CsrMatrix.ToDense"/> and compared with the dense <c>Grad.Hessian</c>. A nonzero the pattern missed
/// would show as a 0 where the reference has a value.
/// </summary>
public static class SparseEntryPoints
{
    /// <summary><c>Grad.SparseJacobian</c>, densified: its one row.</summary>
    public static readonly EntryPoint Jacobian = new("Grad.SparseJacobian", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var jacobian = Grad.SparseJacobian(EntryPoints.AsVectorFunction(p), o);
        return args => new Answer(null, RenderedProgram.Flatten([jacobian((double[])args[0]).ToDense()]));
    });

    /// <summary><c>Grad.SparseHessian</c>, densified row-major, against the dense <c>Grad.Hessian</c> at the same point.</summary>
    public static readonly EntryPoint Hessian = new("Grad.SparseHessian", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var hessian = Grad.SparseHessian((System.Linq.Expressions.Expression<Func<double[], double>>)p.Function, o);
        return args => new Answer(null, RenderedProgram.Flatten([hessian((double[])args[0]).ToDense()]));
    })
    {
        Expected = (p, _) => RenderedProgram.Flatten([EntryPoints.Run(EntryPoints.Hessians(p).Hessian, p.FreshArguments())]),
    };

    /// <summary>Both adapters.</summary>
    public static IReadOnlyList<EntryPoint> All { get; } = [Jacobian, Hessian];
}
