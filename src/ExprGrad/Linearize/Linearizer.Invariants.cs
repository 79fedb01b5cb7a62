using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    /// <summary>
    /// Loop-invariant code motion (<see cref="GradientOptions.HoistLoopInvariants"/>): the scope a new stage goes to.
    /// A stage of a loop's body (a sum, a scan, a while-loop) that reads nothing the body computes (not the index,
    /// not a state, no stage of the body) has the same value in every iteration, so it is computed once, before the loop — out of
    /// as many nested bodies as it does not depend on: (r − σ²/2)·dt and σ·√dt leave a scan and the sum around
    /// it. Its adjoint then collects the iterations' contributions, and its own rule runs once after the loop,
    /// where before every iteration sent its share on to the inputs. Only stages that are pure and cannot throw
    /// move (<see cref="Speculation"/>): the loop may run zero times. Stages never leave a branch: what it computes
    /// is wanted only when it is taken, and its adjoint exists only then.
    /// </summary>
    /// <param name="value">The stage's value over its operands.</param>
    /// <param name="operands">Its atoms, or null to take the variables <paramref name="value"/> reads.</param>
    /// <param name="scope">Where the stage is written.</param>
    private Scope InvariantHome(Expression value, IReadOnlyList<Expression>? operands, Scope scope)
    {
        if (!options.HoistLoopInvariants || !scope.IsLoopBody || !Speculation.IsSafe(value)) return scope;
        var reads = new HashSet<Expression>();
        if (operands is null) References.Collect(value, reads);
        else reads.UnionWith(operands);
        var tapes = new HashSet<Tape>();
        foreach (var read in reads)
            if (read is ParameterExpression && owners.TryGetValue(read, out var owner)) tapes.Add(owner);
        var home = scope;
        while (home.IsLoopBody && home.Parent is { } parent && !tapes.Contains(home.Tape)) home = parent;
        return home;
    }
}
