using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B10: B4's logistic regression (d = 20, N = 1000, labels ±1) as issue 14's <c>[Differentiable]</c> method with
/// nested <c>for</c> loops (<see cref="Loss"/>) against the same loops built by hand as an expression tree
/// (<see cref="Tree"/>), B4's hand-written gradient and the plain function. The data are fields read at each call
/// in both. Issue 14's target: the method within 1.1× of the hand-built tree.
/// </summary>
[MemoryDiagnoser]
public class B10DifferentiableLogistic
{
    private const int Samples = 1000, Features = 20;
    private readonly B4LogisticRegression reference = new();
    private double[,] data = new double[0, 0];
    private double[] labels = [];
    private double[] w = [];
    private Func<double[], double[]> method = null!, tree = null!;

    [GlobalSetup]
    public void Setup()
    {
        reference.Setup();
        data = RandomData.Matrix(Samples, Features, seed: 4);
        labels = [.. RandomData.Vector(Samples, seed: 5).Select(v => v >= 0 ? 1.0 : -1.0)];
        w = RandomData.Vector(Features, seed: 6, scale: 0.5);
        method = Grad.Of((double[] v) => Loss(v, data, labels));
        tree = Grad.Of(Tree());

        var expected = reference.HandWritten();
        Agreement.Require(expected, method(w), "Grad.Of of the method");
        Agreement.Require(expected, tree(w), "Grad.Of of the tree");
        Agreement.Require(reference.Plain(), Loss(w, data, labels), "the method run as C#");
    }

    /// <summary>Σₙ log(1 + e^(−yₙ·w·xₙ)), written as a user would with loops (the issue's Loss without the mean).</summary>
    [Differentiable]
    public static double Loss(double[] w, double[,] X, double[] y)
    {
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = 0;
            for (int j = 0; j < w.Length; j++) z += w[j] * X[i, j];
            total += Math.Log(1 + Math.Exp(-y[i] * z));
        }
        return total;
    }

    /// <summary>
    /// <see cref="Loss"/>'s loops built by hand, reading this instance's data fields:
    /// <code>
    /// double total = 0; int i = 0;
    /// while (true) { if (i &gt;= y.Length) break; double z = 0; int j = 0;
    ///   while (true) { if (j &gt;= w.Length) break; z += w[j]·X[i, j]; j++; }
    ///   total += Log(1 + Exp(−y[i]·z)); i++; }
    /// return total;
    /// </code>
    /// </summary>
    public Expression<Func<double[], double>> Tree()
    {
        var w = Parameter(typeof(double[]), "w");
        var x = Field(Constant(this), typeof(B10DifferentiableLogistic).GetField(nameof(data), BindingFlags.NonPublic | BindingFlags.Instance)!);
        var y = Field(Constant(this), typeof(B10DifferentiableLogistic).GetField(nameof(labels), BindingFlags.NonPublic | BindingFlags.Instance)!);
        var (total, z, i, j) = (Variable(typeof(double), "total"), Variable(typeof(double), "z"), Variable(typeof(int), "i"), Variable(typeof(int), "j"));
        var (rows, columns) = (Label("rows"), Label("columns"));
        var log = typeof(Math).GetMethod(nameof(Math.Log), [typeof(double)])!;
        var exp = typeof(Math).GetMethod(nameof(Math.Exp), [typeof(double)])!;
        return Lambda<Func<double[], double>>(Block([total, i],
            Assign(total, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([z, j],
                IfThen(GreaterThanOrEqual(i, ArrayLength(y)), Break(rows)),
                Assign(z, Constant(0.0)),
                Assign(j, Constant(0)),
                Loop(Block(
                    IfThen(GreaterThanOrEqual(j, ArrayLength(w)), Break(columns)),
                    AddAssign(z, Multiply(ArrayIndex(w, j), ArrayAccess(x, i, j))),
                    PostIncrementAssign(j)), columns),
                AddAssign(total, Call(log, Add(Constant(1.0), Call(exp, Multiply(Negate(ArrayIndex(y, i)), z))))),
                PostIncrementAssign(i)), rows),
            total), w);
    }

    [Benchmark]
    public double Plain() => reference.Plain();

    [Benchmark(Baseline = true)]
    public double[] HandWritten() => reference.HandWritten();

    [Benchmark]
    public double[] GradOfMethod() => method(w);

    [Benchmark]
    public double[] GradOfTree() => tree(w);
}
