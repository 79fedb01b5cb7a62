using System.Linq.Expressions;
using System.Text.RegularExpressions;
using ExprGrad.Tests.Imperative;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Core;

/// <summary>
/// <see cref="GradientOptions.EliminateOverwrittenStores"/>: assignments no path reads before they are assigned
/// again are removed, cycles through loops included; whatever the pass does not understand stays. Each case
/// compiles the program before and after and compares what it returns.
/// </summary>
public class OverwrittenStoresTests
{
    private static readonly ParameterExpression N = Parameter(typeof(int), "n");
    private static readonly (ParameterExpression S, ParameterExpression T, ParameterExpression I, ParameterExpression R) V =
        (Variable(typeof(double), "s"), Variable(typeof(double), "t"), Variable(typeof(int), "i"), Variable(typeof(double), "r"));

    /// <summary>The assignments to <paramref name="v"/> left in <paramref name="body"/>.</summary>
    private static int StoresTo(Expression body, ParameterExpression v) =>
        Descendants(body).Count(e => e is BinaryExpression { NodeType: ExpressionType.Assign } a && a.Left == v);

    private static IEnumerable<Expression> Descendants(Expression e)
    {
        var all = new List<Expression>();
        new Walker(all).Visit(e);
        return all;
    }

    private sealed class Walker(List<Expression> all) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is not null) all.Add(node);
            return base.Visit(node);
        }
    }

    /// <summary>The pass's result, checked to return what the original returns for n = 0 … 4.</summary>
    private static Expression Run(Expression body)
    {
        var after = OverwrittenStores.Run(body);
        var (f, g) = (Lambda<Func<int, double>>(body, N).Compile(), Lambda<Func<int, double>>(after, N).Compile());
        for (int n = 0; n < 5; n++) Assert.Equal(f(n), g(n));
        return after;
    }

    /// <summary>s = 0; i = 0; loop { if (i ≥ n) break; t = s + 1; s = t·2; r = i; i++; } return (double)i + result</summary>
    private static Expression CycleThroughALoop(Expression result)
    {
        var exit = Label("exit");
        return Block([V.S, V.T, V.I, V.R],
            Assign(V.S, Constant(0.0)),
            Assign(V.R, Constant(0.0)),
            Assign(V.I, Constant(0)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(V.I, N), Break(exit)),
                Assign(V.T, Add(V.S, Constant(1.0))),
                Assign(V.S, Multiply(V.T, Constant(2.0))),
                Assign(V.R, Convert(V.I, typeof(double))),
                PreIncrementAssign(V.I)), exit),
            Add(Convert(V.I, typeof(double)), result));
    }

    [Fact]
    public void ACycleOfAssignmentsNobodyReadsGoesWhole()
    {
        // s feeds t and t feeds s: each is read, but only by the other. Counting reads keeps both; following them does not.
        var after = Run(CycleThroughALoop(Constant(0.0)));
        Assert.Equal(0, StoresTo(after, V.S));
        Assert.Equal(0, StoresTo(after, V.T));
        Assert.Equal(0, StoresTo(after, V.R));
        Assert.Equal(1, StoresTo(after, V.I));   // i = 0 (i++ is no assignment node)
        Assert.Equal(1, StoresTo(DeadStoreElimination.Run(CycleThroughALoop(Constant(0.0))), V.T));
    }

    [Fact]
    public void WhatTheLoopsExitReadsStays()
    {
        // r is read after the loop (through its break): every assignment to it stays, s and t still go.
        var after = Run(CycleThroughALoop(V.R));
        Assert.Equal(2, StoresTo(after, V.R));
        Assert.Equal(0, StoresTo(after, V.S));
    }

    [Fact]
    public void AValueOverwrittenOnOnePathOnlyStays()
    {
        // s = 1; if (n > 2) s = 2; return s — and the same with both branches assigning: then the first s = 1 goes.
        var one = Block([V.S], Assign(V.S, Constant(1.0)), IfThen(GreaterThan(N, Constant(2)), Assign(V.S, Constant(2.0))), V.S);
        Assert.Equal(2, StoresTo(Run(one), V.S));
        var both = Block([V.S], Assign(V.S, Constant(1.0)),
            IfThenElse(GreaterThan(N, Constant(2)), Assign(V.S, Constant(2.0)), Assign(V.S, Constant(3.0))), V.S);
        Assert.Equal(2, StoresTo(Run(both), V.S));   // of three
    }

    [Fact]
    public void AStoreReadInTheNextIterationStays()
    {
        // s = 0; i = 0; loop { if (i ≥ n) break; r = s; s = i; i++; } return r — s is read one iteration later.
        var exit = Label("exit");
        var body = Block([V.S, V.I, V.R],
            Assign(V.S, Constant(0.0)), Assign(V.R, Constant(0.0)), Assign(V.I, Constant(0)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(V.I, N), Break(exit)),
                Assign(V.R, V.S),
                Assign(V.S, Convert(V.I, typeof(double))),
                PreIncrementAssign(V.I)), exit),
            V.R);
        var after = Run(body);
        Assert.Equal(2, StoresTo(after, V.S));
    }

    [Fact]
    public void AJumpItCannotFollowKeepsEverything()
    {
        // s = 5; if (n > 1) goto end; s = 6; end: return s — a goto to a label, not a loop's break.
        var end = Label("end");
        var body = Block([V.S, V.T],
            Assign(V.T, Constant(7.0)),
            Assign(V.S, Constant(5.0)),
            IfThen(GreaterThan(N, Constant(1)), Goto(end)),
            Assign(V.S, Constant(6.0)),
            Label(end),
            V.S);
        var after = Run(body);
        Assert.Equal(2, StoresTo(after, V.S));
        Assert.Equal(1, StoresTo(after, V.T));
    }

    [Fact]
    public void AnAssignmentWithAnEffectStays()
    {
        // t = Interlocked.Increment(ref counter)… any call the purity check does not know keeps its assignment.
        var list = Variable(typeof(List<int>), "list");
        var add = typeof(List<int>).GetMethod(nameof(List<int>.Add))!;
        var count = typeof(List<int>).GetProperty(nameof(List<int>.Count))!;
        var body = Block([list, V.T],
            Assign(list, New(typeof(List<int>))),
            Assign(V.T, Block(Call(list, add, N), Constant(1.0))),
            Convert(Property(list, count), typeof(double)));
        Assert.Equal(1, StoresTo(Run(body), V.T));
    }

    [Fact]
    public void GradOfAWhileLoopReadsTheDataOnlyInItsBackwardPass()
    {
        // B8's shape: Grad.Of needs the forward loop for its trip count alone, so x is read at two places (x[i],
        // x[i + 1] in the backward loop), not four.
        var f = LoopShapes.All["accumulator, i++ (B8's Rosenbrock)"];
        int Reads(GradientOptions options) => Regex.Matches(GradientCode.ToCSharp(Grad.GradientExpression(f, options)), @"\bx\[").Count;
        Assert.Equal(2, Reads(GradientOptions.Default));
        Assert.Equal(4, Reads(GradientOptions.Default with { EliminateOverwrittenStores = false }));
    }
}
