using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Sparse;

/// <summary>The Hessian's star coloring: a valid star coloring, fewer products where a dense row costs the direct
/// scheme one per column, and every entry read back exactly.</summary>
public class StarColoringTests
{
    /// <summary>A random symmetric pattern of n vertices: each pair with the given chance, plus the diagonal.</summary>
    private static (int N, (int, int)[] Pairs) RandomPattern(int seed)
    {
        var random = new Random(seed);
        int n = random.Next(2, 40);
        double chance = random.NextDouble() * 0.3;
        var pairs = new List<(int, int)>();
        for (int i = 0; i < n; i++)
        {
            pairs.Add((i, i));
            for (int j = i + 1; j < n; j++)
                if (random.NextDouble() < chance) pairs.Add((i, j));
        }
        // A hub joined to a third of the vertices: the dense row star coloring is for.
        int hub = random.Next(n);
        for (int j = 0; j < n; j += 3)
            if (j != hub) pairs.Add((Math.Min(hub, j), Math.Max(hub, j)));
        return (n, [.. pairs.Distinct()]);
    }

    private static SparsityPattern Pattern(int n, IEnumerable<(int I, int J)> pairs)
    {
        var trace = new TraceContext(n, pairs: true);
        foreach (var (i, j) in pairs) trace.Pairs!.Add(((long)i << 32) | (uint)j);
        return SparsityPattern.FromPairs(trace);
    }

    private static IEnumerable<int> Neighbours(SparsityPattern p, int v) =>
        p.ColumnIndices[p.RowPointers[v]..p.RowPointers[v + 1]].Where(u => u != v);

    [Property(Replay = "2027,1129", MaxTest = 200)]
    public Property EveryPathOfFourVerticesTakesThreeColors() => Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
    {
        var (n, pairs) = RandomPattern(seed);
        var pattern = Pattern(n, pairs);
        var (colors, count) = StarColoring.Of(pattern)!.Value;
        Assert.Equal(count, colors.Max() + 1);
        foreach (var b in Enumerable.Range(0, n))
            foreach (var a in Neighbours(pattern, b))
            {
                Assert.NotEqual(colors[a], colors[b]);
                foreach (var c in Neighbours(pattern, b).Where(c => c != a))
                    foreach (var d in Neighbours(pattern, c).Where(d => d != b && d != a))
                        Assert.False(colors[a] == colors[c] && colors[b] == colors[d],
                            $"path {a}–{b}–{c}–{d} has two colors (seed {seed})");
            }
    });

    [Fact]
    public void AnArrowheadTakesTwoColorsWhereTheDirectSchemeTakesOnePerColumn()
    {
        int n = 50;
        var pattern = Pattern(n, Enumerable.Range(0, n).SelectMany(j => new[] { (0, j), (j, j) }).Distinct());
        Assert.Equal(2, StarColoring.Of(pattern)!.Value.Count);
        Assert.Equal(n, Coloring.Columns(pattern).Count);
    }

    [Fact]
    public void AnArrowheadHessianIsReadBackFromItsTwoProducts()
    {
        // f = Σᵢ x₀·xᵢ² (i = 0 gives x₀³): ∂²f/∂x₀² = 6x₀, ∂²f/∂x₀∂xᵢ = 2xᵢ, ∂²f/∂xᵢ² = 2x₀ (i ≥ 1), others 0.
        Expression<Func<double[], double>> f = x => Ops.Sum(x.Length, i => x[0] * x[i] * x[i]);
        var h = Grad.SparseHessian(f)([1, 2, 3, 4]).ToDense();
        Assert.Equal(new double[,] { { 6, 4, 6, 8 }, { 4, 2, 0, 0 }, { 6, 0, 2, 0 }, { 8, 0, 0, 2 } }, h);
    }

    [Property(Replay = "3001,4409", MaxTest = 60)]
    public Property ARandomQuadraticHessianIsReadBackExactly() => Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
    {
        // f = Σ over pairs i < j of c·xᵢ·xⱼ, plus b·xᵢ² on the diagonal: H_ij = H_ji = c, H_ii = 2b, exact small
        // integers, so the products hold them exactly and any entry read from the wrong product shows.
        var (n, pairs) = RandomPattern(seed);
        var random = new Random(seed + 1);
        var x = Expression.Parameter(typeof(double[]), "x");
        var expected = new double[n, n];
        Expression body = Expression.Constant(0.0);
        foreach (var (i, j) in pairs)
        {
            double c = random.Next(1, 9);
            body = Expression.Add(body, Expression.Multiply(Expression.Constant(c),
                Expression.Multiply(Expression.ArrayIndex(x, Expression.Constant(i)), Expression.ArrayIndex(x, Expression.Constant(j)))));
            if (i == j) expected[i, i] = 2 * c;
            else expected[i, j] = expected[j, i] = c;
        }
        var f = Expression.Lambda<Func<double[], double>>(body, x);
        var point = Enumerable.Range(0, n).Select(k => 0.5 + k).ToArray();
        Assert.Equal(expected, Grad.SparseHessian(f)(point).ToDense());
    });
}
