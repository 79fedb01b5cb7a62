using System.Linq.Expressions;
using ExprGrad.Training;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Training;

/// <summary>The package README's model.</summary>
public sealed record Line(double[] W, double B);

/// <summary>A parameter set for the quadratic: a vector, a matrix and a double (written through its init accessor).</summary>
public sealed record QuadraticModel(double[] V, double[,] M, double S)
{
    /// <summary>A copy with new arrays.</summary>
    public QuadraticModel Copy() => new((double[])V.Clone(), (double[,])M.Clone(), S);
}

public class TrainingTests
{
    // f = Σᵢ aᵢ(vᵢ − cᵢ)² + (v₀ − c₀)(v₁ − c₁) + Σ (M − C)∘(M − C) + 2(S − 3)²: convex (the quadratic form of v has
    // the eigenvalues of [[1, ½], [½, 4]], both positive), with its one minimum at V = c, M = C, S = 3, f = 0.
    private static readonly double[] A = [1, 4];
    private static readonly double[] C = [1.5, -2];
    private static readonly double[,] Cm = { { 0.25, -1 }, { 2, 0.5 } };

    private static readonly Expression<Func<QuadraticModel, double>> Loss = p =>
        A[0] * (p.V[0] - C[0]) * (p.V[0] - C[0]) + A[1] * (p.V[1] - C[1]) * (p.V[1] - C[1]) + (p.V[0] - C[0]) * (p.V[1] - C[1])
        + Ops.Sum(2, i => Ops.Sum(2, j => (p.M[i, j] - Cm[i, j]) * (p.M[i, j] - Cm[i, j]))) + 2 * (p.S - 3) * (p.S - 3);

    private static QuadraticModel Start() => new([0, 0], new double[2, 2], 0);

    public static TheoryData<string> Optimizers => ["sgd", "momentum", "adam", "adamw0"];

    private static Optimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "momentum" => new Sgd(0.05, momentum: 0.9),
        "adam" => new Adam(0.05),
        "adamw0" => new AdamW(0.05, weightDecay: 0),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void EachOptimizerReachesTheQuadraticsMinimum(string name)
    {
        var optimizer = Make(name);
        var into = Grad.ValueAndGradientInto(Loss);
        var model = Start();
        var gradient = Start();
        for (int t = 0; t < 4000; t++)
        {
            into(model, gradient);
            // Adam's steps stay near α in size (m̂/√v̂ is about ±1 on a steady gradient); a decaying α lets it settle.
            if (optimizer is Adam or AdamW) optimizer.LearningRate = 0.1 * Math.Pow(0.998, t);
            optimizer.Step(model, gradient);
        }
        Assert.Equal(C[0], model.V[0], 1e-6);
        Assert.Equal(C[1], model.V[1], 1e-6);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(Cm[i, j], model.M[i, j], 1e-6);
        Assert.Equal(3.0, model.S, 1e-6);
    }

    [Property(Replay = "(577215,664901)", MaxTest = 50)]
    public void AdamWsDecayNeverEntersTheMoments(int seed)
    {
        // Decoupling: fed the same gradients, AdamW's step is Adam's step minus α·λ·x (x before the step), at
        // every step, because the moments see only the gradients: x_t − (1 − αλ)·x_{t−1} = y_t − y_{t−1}.
        var random = new Random(seed);
        double rate = 0.01 + random.NextDouble() * 0.2, decay = random.NextDouble();
        var adam = new Adam(rate);
        var adamW = new AdamW(rate, weightDecay: decay);
        double[] y = [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 4 - 2)];
        double[] x = (double[])y.Clone();
        for (int t = 0; t < 20; t++)
        {
            double[] g = [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 6 - 3)];
            double[] xBefore = (double[])x.Clone(), yBefore = (double[])y.Clone();
            adam.Step(y, (double[])g.Clone());
            adamW.Step(x, g);
            for (int i = 0; i < 4; i++)
                Assert.Equal(y[i] - yBefore[i], x[i] - (1 - rate * decay) * xBefore[i], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void AStepAllocatesNothingAfterTheFirst(string name)
    {
        var optimizer = Make(name);
        var into = Grad.ValueAndGradientInto(Loss);
        var model = Start();
        var gradient = Start();
        into(model, gradient);
        optimizer.Step(model, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 100; t++) optimizer.Step(model, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // The whole training step, gradient included (the loss has scalar intermediates only).
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 100; t++)
        {
            into(model, gradient);
            optimizer.Step(model, gradient);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AStepOnAnotherStructureOrAMismatchedGradientThrowsAndChangesNothing()
    {
        var adam = new Adam();
        var model = Start();
        adam.Step(model, Start());
        var other = new QuadraticModel([0, 0, 0], new double[2, 2], 0);
        Assert.Throws<ArgumentException>("parameters", () => adam.Step(other, other.Copy()));
        var wrong = new QuadraticModel([1, 1], new double[3, 2], 1);
        var before = model.Copy();
        Assert.Throws<ArgumentException>("gradient", () => adam.Step(model, wrong));
        Assert.Equal(before.V, model.V);
        Assert.Equal(before.S, model.S);
        Assert.Equal(1, adam.StepCount);
        Assert.Throws<ArgumentException>("gradient", () => adam.Step(model, model));
        Assert.Throws<ArgumentNullException>("gradient", () => adam.Step(model, new QuadraticModel(null!, new double[2, 2], 0)));
        adam.Reset();
        adam.Step(other, other.Copy());
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void ThePackageReadmesLineIsFitted()
    {
        // src/ExprGrad/README.md: y = 2x + 1 at x = 1, 2, 3, fitted by Adam (α = 0.1) from W = 0, B = 0 in 500 steps.
        double[] xs = [1, 2, 3], ys = [3, 5, 7];
        var loss = Grad.ValueAndGradientInto((Line p) =>
            Enumerable.Range(0, 3).Sum(i => (p.W[0] * xs[i] + p.B - ys[i]) * (p.W[0] * xs[i] + p.B - ys[i])));
        Line model = new([0.0], 0), gradient = new([0.0], 0);
        var adam = new Adam(learningRate: 0.1);
        for (int step = 0; step < 500; step++)
        {
            loss(model, gradient);
            adam.Step(model, gradient);
        }
        Assert.Equal(2.0, model.W[0], 1e-2);
        Assert.Equal(1.0, model.B, 1e-2);
    }

    [Fact]
    public void ADoubleWithoutASetterIsRefusedByName()
    {
        var e = Assert.Throws<NotSupportedException>(() => new Sgd(0.1).Step(new ParameterSets.Frozen([1], 2), new ParameterSets.Frozen([1], 2)));
        Assert.Contains("Frozen.S", e.Message);
    }

    [Fact]
    public void HyperparametersOutOfRangeAreNamed()
    {
        Assert.Throws<ArgumentOutOfRangeException>("LearningRate", () => new Sgd(-1));
        Assert.Throws<ArgumentOutOfRangeException>("momentum", () => new Sgd(0.1, momentum: 1));
        Assert.Throws<ArgumentOutOfRangeException>("beta1", () => new Adam(beta1: 1));
        Assert.Throws<ArgumentOutOfRangeException>("beta2", () => new AdamW(beta2: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>("epsilon", () => new Adam(epsilon: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("weightDecay", () => new AdamW(weightDecay: -1));
    }
}
