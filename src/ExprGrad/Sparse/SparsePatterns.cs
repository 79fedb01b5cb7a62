using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A delegate's sparsity pattern and coloring, traced once (<see cref="SparsityTracer"/>) and kept while the
/// input length and the closure data it read stay the same (<see cref="ClosureFingerprint"/>); otherwise traced
/// again. A program the trace cannot follow gets the dense pattern: every entry, never one too few.
/// </summary>
internal sealed class SparsePatterns
{
    private readonly Lazy<Func<IndexSet[], TraceContext, object?>?> trace;
    private readonly Lazy<ClosureFingerprint> fingerprint;
    private readonly Func<double[], object?> value;
    private readonly bool hessian;
    private Plan? current;

    /// <param name="forward">The forward program, (double[] x) =&gt; double[] for a Jacobian, =&gt; double for a Hessian.</param>
    /// <param name="hessian">Whether the pattern is the Hessian's (interacting pairs) rather than the Jacobian's.</param>
    public SparsePatterns(LambdaExpression forward, bool hessian)
    {
        this.hessian = hessian;
        var compiled = forward.Compile();
        value = x => compiled.DynamicInvoke(x);
        trace = new(() =>
        {
            try { return SparsityTracer.Compile(forward); }
            catch (TraceNotSupportedException) { return null; }
        });
        fingerprint = new(() => ClosureFingerprint.Of(forward));
    }

    /// <summary>The pattern and coloring at a point (its length and the closure data matter, not its values).</summary>
    /// <param name="x">The point, not null.</param>
    /// <param name="stale">A plan the caller found inconsistent with the function's output: traced anew.</param>
    public Plan For(double[] x, Plan? stale = null)
    {
        var plan = current;
        if (plan is not null && plan != stale && plan.Inputs == x.Length && fingerprint.Value.Matches(plan.Snapshot)) return plan;
        var snapshot = fingerprint.Value.Take();
        var pattern = Pattern(x);
        var (columns, columnCount) = Coloring.Columns(pattern);
        if (hessian)
        {
            // A Hessian is symmetric: a star coloring reads each entry from one of two products and never needs
            // more colors than the direct scheme; the direct scheme is kept where it needs no more.
            var star = StarColoring.Of(pattern);
            plan = star is { } s && s.Count < columnCount
                ? new Plan(x.Length, snapshot, pattern, s.Colors, s.Count, false, StarSources(pattern, s.Colors))
                : new Plan(x.Length, snapshot, pattern, columns, columnCount, false, ColumnSources(pattern, columns));
        }
        else
        {
            var (rows, rowCount) = Coloring.Columns(pattern.Transpose());
            // A reverse product costs a few forward ones: rows win only when they need clearly fewer products.
            plan = 2L * rowCount < columnCount
                ? new Plan(x.Length, snapshot, pattern, rows, rowCount, true, RowSources(pattern, rows))
                : new Plan(x.Length, snapshot, pattern, columns, columnCount, false, ColumnSources(pattern, columns));
        }
        current = plan;
        return plan;
    }

    /// <summary>Entry (i, j) of column-colored products: row i of the product of j's color.</summary>
    private static Source[] ColumnSources(SparsityPattern pattern, int[] colors) =>
        Sources(pattern, (i, j) => new(colors[j], i));

    /// <summary>Entry (i, j) of row-colored products: element j of the product of i's color.</summary>
    private static Source[] RowSources(SparsityPattern pattern, int[] colors) =>
        Sources(pattern, (i, j) => new(colors[i], j));

    /// <summary>Entry (i, j) of star-colored Hessian products: row i of the product of j's color when j is the only
    /// column of its color in row i, else (the star's centre is i) row j of the product of i's color, h_ji = h_ij.</summary>
    private static Source[] StarSources(SparsityPattern pattern, int[] colors) =>
        Sources(pattern, (i, j) =>
        {
            for (int k = pattern.RowPointers[i]; k < pattern.RowPointers[i + 1]; k++)
            {
                int other = pattern.ColumnIndices[k];
                if (other != j && colors[other] == colors[j]) return new(colors[i], j);
            }
            return new(colors[j], i);
        });

    private static Source[] Sources(SparsityPattern pattern, Func<int, int, Source> source)
    {
        var sources = new Source[pattern.ColumnIndices.Length];
        for (int i = 0; i < pattern.Rows; i++)
            for (int k = pattern.RowPointers[i]; k < pattern.RowPointers[i + 1]; k++)
                sources[k] = source(i, pattern.ColumnIndices[k]);
        return sources;
    }

    private SparsityPattern Pattern(double[] x)
    {
        var context = new TraceContext(x.Length, pairs: hessian);
        object? result;
        try
        {
            var traced = trace.Value ?? throw new TraceNotSupportedException("the program");
            result = traced([.. Enumerable.Range(0, x.Length).Select(IndexSet.Single)], context);
        }
        catch (TraceNotSupportedException)
        {
            return Dense(x, Evaluate(x));
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // The trace runs both sides of every undecided branch: one may fail where the function does not.
            return Dense(x, Evaluate(x));
        }
        return hessian ? SparsityPattern.FromPairs(context) : SparsityPattern.FromRows((IndexSet?[])result!, context);
    }

    private SparsityPattern Dense(double[] x, object? output) =>
        SparsityPattern.Dense(hessian ? x.Length : ((double[])output!).Length, x.Length);

    /// <summary>The function's value, its failure reported as one of the point.</summary>
    private object? Evaluate(double[] x)
    {
        try { return value(x); }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is IndexOutOfRangeException or ArgumentException)
        {
            throw new ArgumentException($"The function fails on a point of {x.Length} elements: {e.InnerException.Message}", nameof(x), e.InnerException);
        }
    }

    /// <summary>A pattern with its coloring, for one input length and closure snapshot.</summary>
    /// <param name="Inputs">The input length.</param>
    /// <param name="Snapshot">The closure data when traced.</param>
    /// <param name="Pattern">Where the nonzeros can be.</param>
    /// <param name="Colors">A color per column (or per row when <paramref name="ByRows"/>).</param>
    /// <param name="ColorCount">The number of colors: the number of products a call takes.</param>
    /// <param name="ByRows">Whether rows are colored (reverse products) rather than columns (forward products).</param>
    /// <param name="Sources">Where each stored entry is read: which product, and which element of it.</param>
    internal sealed record Plan(int Inputs, object?[] Snapshot, SparsityPattern Pattern, int[] Colors, int ColorCount, bool ByRows, Source[] Sources);

    /// <summary>An entry's place among the products: element <paramref name="Index"/> of product <paramref name="Color"/>.</summary>
    internal readonly record struct Source(int Color, int Index);
}
