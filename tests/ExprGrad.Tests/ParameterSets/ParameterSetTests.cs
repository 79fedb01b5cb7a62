using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.ParameterSets;

public class ParameterSetTests
{
    private static readonly double[,] X = { { 1, 2 }, { 3, -1 }, { 0.5, 0.25 } };

    private static Mlp Model() => new(new double[,] { { 0.1, -0.2 }, { 0.3, 0.4 } }, [0.5, -0.5], new double[,] { { 1 }, { -2 } }, 0.25);

    [Fact]
    public void ARecordsGradientIsARecordEqualBitForBitToTheGradientOverItsMembers()
    {
        var grad = Grad.Of((Mlp p) => SumOfSquares(Add(MatMul(Tanh(AddRow(MatMul(X, p.W1), p.b1)), p.W2), p.b2)));
        var flat = Grad.Of((double[,] W1, double[] b1, double[,] W2, double b2) =>
            SumOfSquares(Add(MatMul(Tanh(AddRow(MatMul(X, W1), b1)), W2), b2)));
        var p = Model();
        var d = grad(p);
        var (dW1, db1, dW2, db2) = flat(p.W1, p.b1, p.W2, p.b2);
        Assert.Equal(dW1, d.W1);
        Assert.Equal(db1, d.b1);
        Assert.Equal(dW2, d.W2);
        Assert.Equal(db2, d.b2);
        Assert.NotSame(p.W1, d.W1);
    }

    [Fact]
    public void ASumOfTwoMembersHasTheHandDerivedGradient()
    {
        // f = b2·Σ b1 + Σ W1∘W1: ∂/∂b1 = b2 per element, ∂/∂b2 = Σ b1 = 0, ∂/∂W1 = 2·W1, W2 unread: 0.
        var (value, d) = Grad.ValueAndGradient((Mlp p) => p.b2 * Sum(p.b1) + SumOfSquares(p.W1))(Model());
        Assert.Equal(0.25 * 0 + (0.01 + 0.04 + 0.09 + 0.16), value, 15);
        Assert.Equal([0.25, 0.25], d.b1);
        Assert.Equal(new double[,] { { 0.2, -0.4 }, { 0.6, 0.8 } }, d.W1);
        Assert.Equal(new double[2, 1], d.W2);
        Assert.Equal(0.0, d.b2);
    }

    [Fact]
    public void IntoWritesEveryMemberOfTheCallersSetAndAllocatesNothing()
    {
        Expression<Func<Mlp, double>> f = p => p.b2 * p.b2 * Sum(2, i => p.b1[i] * p.W1[i, 1]) + p.W2[1, 0];
        var into = Grad.ValueAndGradientInto(f);
        var (value, expected) = Grad.ValueAndGradient(f)(Model());
        var buffers = new Mlp(Filled(2, 2), [9, 9], Filled(2, 1), 9);
        Assert.Equal(value, into(Model(), buffers));
        Assert.Equal(expected.W1, buffers.W1);
        Assert.Equal(expected.b1, buffers.b1);
        Assert.Equal(expected.W2, buffers.W2);
        Assert.Equal(expected.b2, buffers.b2);

        var p = Model();
        into(p, buffers);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) into(p, buffers);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AnArrayOfSetsGetsAGradientPerElementAndUnreadElementsGetZeros()
    {
        var grad = Grad.Of((Deep p) => Sum(Tanh(AddRow(MatMul(X, p.Layers[0].W), p.Layers[0].b))) * p.Temperature + Dot(p.Head.w, p.Head.w));
        var p = DeepModel(3);
        var d = grad(p);
        var flat = Grad.Of((double[,] W, double[] b, double t, double[] w) => Sum(Tanh(AddRow(MatMul(X, W), b))) * t + Dot(w, w))(
            p.Layers[0].W, p.Layers[0].b, p.Temperature, p.Head.w);
        Assert.Equal(flat.Item1, d.Layers[0].W);
        Assert.Equal(flat.Item2, d.Layers[0].b);
        Assert.Equal(flat.Item3, d.Temperature);
        Assert.Equal(flat.Item4, d.Head.w);
        Assert.Equal(3, d.Layers.Length);
        Assert.Equal(new double[2, 2], d.Layers[2].W);
        Assert.Equal(new double[2], d.Layers[1].b);
        Assert.Equal(0.0, d.Head.c);
        // Data members are the differentiated instance's.
        Assert.Equal("layer 2", d.Layers[2].Name);
        Assert.Same(p.Labels, d.Labels);
    }

    [Fact]
    public void EachStructureGetsItsOwnProgramAndALayersLengthIsItsOwn()
    {
        var grad = Grad.ValueAndGradient((Deep p) => p.Layers.Length * Sum(p.Layers[0].b));
        var (v2, d2) = grad(DeepModel(2));
        var (v4, d4) = grad(DeepModel(4));
        var (v2Again, _) = grad(DeepModel(2));
        Assert.Equal(2 * 0.25, v2, 15);       // b = [0.5, -0.25] in every layer
        Assert.Equal(4 * 0.25, v4, 15);
        Assert.Equal(v2, v2Again);
        Assert.Equal([2.0, 2.0], d2.Layers[0].b);
        Assert.Equal([4.0, 4.0], d4.Layers[0].b);
        Assert.Equal(4, d4.Layers.Length);
    }

    [Fact]
    public void DataMembersAreReadAtEachCall()
    {
        var grad = Grad.Of((Deep p) => p.Temperature * p.Labels[0]);
        var p = DeepModel(1);
        p.Labels = [3];
        Assert.Equal(3.0, grad(p).Temperature);
        p.Labels = [5];
        Assert.Equal(5.0, grad(p).Temperature);
    }

    [Fact]
    public void SetsMixWithOrdinaryParametersAndPassThroughLetAndInvokedLambdas()
    {
        Expression<Func<Head, double>> norm = h => Dot(h.w, h.w);
        var grad = Grad.Of((Mlp p, double[] x) => Let(p, q => q.b2 * Dot(q.b1, x)));
        var (dp, dx) = grad(Model(), [2, 3]);
        Assert.Equal([0.5, 0.75], dp.b1);               // b2·x
        Assert.Equal(0.5 * 2 - 0.5 * 3, dp.b2);          // b1·x
        Assert.Equal([0.125, -0.125], dx);              // b2·b1

        var head = Expression.Parameter(typeof(Head), "h");
        var invoked = Expression.Lambda<Func<Head, double>>(Expression.Invoke(norm, head), head);
        Assert.Equal([2.0, -4.0], Grad.Of(invoked)(new Head([1, -2], 0)).w);
    }

    [Fact]
    public void ThreadsCallingWithDifferentStructuresGetTheirOwnAnswers()
    {
        var grad = Grad.Of((Deep p) => p.Layers.Length * Sum(p.Layers[0].b) + SumOfSquares(p.Layers[0].W));
        var results = new double[8][];
        Parallel.For(0, 8, i =>
        {
            for (int k = 0; k < 50; k++) results[i] = grad(DeepModel(1 + i % 3)).Layers[0].b;
        });
        for (int i = 0; i < 8; i++) Assert.Equal(Enumerable.Repeat(1.0 + i % 3, 2), results[i]);
    }

    [Fact]
    public void NullMembersAreNamedByTheirPath()
    {
        var grad = Grad.Of((Deep p) => Sum(p.Layers[1].b) + p.Temperature);
        var p = DeepModel(2);
        p.Layers[1].b = null!;
        Assert.Equal("p.Layers[1].b", Assert.Throws<ArgumentNullException>(() => grad(p)).ParamName);
        p.Layers[1] = null!;
        Assert.Equal("p.Layers[1]", Assert.Throws<ArgumentNullException>(() => grad(p)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentNullException>(() => grad(null!)).ParamName);
        var record = Grad.Of((Mlp m) => m.b2 * Sum(m.b1));
        Assert.Equal("m.W1", Assert.Throws<ArgumentNullException>(() => record(Model() with { W1 = null! })).ParamName);
    }

    [Fact]
    public void ReadingAnIndexPastTheArrayOfSetsIsAnArgumentError()
    {
        var grad = Grad.Of((Deep p) => Sum(p.Layers[2].b));
        Assert.Equal(3, grad(DeepModel(3)).Layers.Length);
        var e = Assert.Throws<ArgumentException>(() => grad(DeepModel(2)));
        Assert.Contains("p.Layers[2]", e.Message);
    }

    [Fact]
    public void IntoChecksTheGradientSetsStructure()
    {
        var into = Grad.ValueAndGradientInto((Deep p) => Sum(p.Layers[0].b) * p.Temperature);
        var p = DeepModel(2);
        var g = DeepModel(3);
        Assert.Equal("dp.Layers", Assert.Throws<ArgumentException>(() => into(p, g)).ParamName);
        Assert.Equal("dp.Layers[0].W", Assert.Throws<ArgumentException>(() => into(p, p)).ParamName);   // the same arrays
        g = DeepModel(2);
        g.Layers[1].W = new double[3, 3];
        Assert.Equal("dp.Layers[1].W", Assert.Throws<ArgumentException>(() => into(p, g)).ParamName);
        g = DeepModel(2);
        g.Temperature = 7;
        into(p, g);
        Assert.Equal(0.25, g.Temperature, 15);
        Assert.Equal(new double[2, 2], g.Layers[1].W);
    }

    [Fact]
    public void UnsupportedMembersAndUsesAreNamed()
    {
        Assert.Contains("WithList.Extra", Assert.Throws<NotSupportedException>(() => Grad.Of((WithList p) => p.W[0])).Message);
        Assert.Contains("Chain.Next", Assert.Throws<NotSupportedException>(() => Grad.Of((Chain p) => p.W)).Message);
        Assert.Contains("NoWay.S", Assert.Throws<NotSupportedException>(() => Grad.Of((NoWay p) => p.W[0])).Message);
        Assert.Contains("p.Double", Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((Deep p) => p.Double)).Message);
        Assert.Contains("p.Layers", Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((Deep p) => Sum(p.Layers.Length, i => Sum(p.Layers[i].b)))).Message);
        Assert.Contains("used as a whole", Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((Mlp p) => Loss(p))).Message);
        Assert.Contains("Frozen.S", Assert.Throws<NotSupportedException>(() => Grad.ValueAndGradientInto((Frozen p) => p.S * p.A[0])).Message);
        var e = Assert.Throws<ArgumentException>(() => Grad.Of((Uri u) => 1.0));
        Assert.Contains("parameter sets", e.Message);
    }

    [Fact]
    public void AConstructorOnlyTypeGetsItsGradientThroughTheConstructor()
    {
        var d = Grad.Of((Frozen p) => p.S * p.A[0] * p.A[1])(new Frozen([2, 3], 5));
        Assert.Equal([15.0, 10.0], d.A);
        Assert.Equal(6.0, d.S);
    }

    private static double Loss(Mlp p) => p.b2;

    private static Deep DeepModel(int layers) => new()
    {
        Layers = [.. Enumerable.Range(0, layers).Select(k => new Layer
        {
            W = new double[,] { { 0.1 * (k + 1), -0.2 }, { 0.3, 0.4 } },
            b = [0.5, -0.25],
            Name = $"layer {k}",
        })],
        Head = new Head([1, -1], 0.5),
        Temperature = 0.75,
        Labels = [1, 0, 1],
    };

    private static double[,] Filled(int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = 9;
        return m;
    }
}
