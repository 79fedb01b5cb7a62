using ExprGrad;
using static ExprGrad.Ops;

/// <summary>A character-level LSTM: the recurrent weights <paramref name="W"/> (4n × n, gates stacked as input,
/// forget, output, candidate), one row of <paramref name="E"/> per character (its input contribution to the four
/// gates), the gate biases <paramref name="b"/>, and the read-out <paramref name="Wy"/>, <paramref name="by"/>.</summary>
public sealed record Lstm(double[,] W, double[,] E, double[] b, double[,] Wy, double[] by)
{
    /// <summary>Hidden units.</summary>
    public int Units => W.GetLength(1);
}

/// <summary>The network as plain methods: the training loss runs <see cref="Cell"/> under <c>Ops.Scan</c>, the sampler
/// calls it directly.</summary>
public static class Network
{
    /// <summary>One LSTM step on the state s = [h; c] (one vector, as <c>Ops.Scan</c> carries it) with input
    /// contribution <paramref name="x"/>: c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c').</summary>
    [Differentiable]
    public static double[] Cell(double[] s, double[] x, double[,] W, double[] b, int n) =>
        Ops.Let(Add(Add(MatMul(W, Slice(s, 0, n)), x), b), z =>
            Ops.Let(Add(Multiply(Sigmoid(Slice(z, n, n)), Slice(s, n, n)), Multiply(Sigmoid(Slice(z, 0, n)), Tanh(Slice(z, 3 * n, n)))), c =>
                Concat(Multiply(Sigmoid(Slice(z, 2 * n, n)), Tanh(c)), c)));

    /// <summary>The logits of the next character after the state <paramref name="s"/>: Wy·h + by.</summary>
    [Differentiable]
    public static double[] Logits(double[] s, double[,] Wy, double[] by, int n) => Add(MatMul(Wy, Slice(s, 0, n)), by);

    /// <summary>Mean cross-entropy of predicting <c>text[start + t + 1]</c> from <c>text[start..start + t]</c>, for
    /// t = 0…<paramref name="length"/> − 1, from the zero state.</summary>
    [Differentiable]
    public static double Loss(double[,] W, double[,] E, double[] b, double[,] Wy, double[] by, int[] text, int start, int length) =>
        Ops.Let(Scan(length, new double[2 * W.GetLength(1)], (s, t) => Cell(s, Row(E, text[start + t]), W, b, W.GetLength(1))), ss =>
            Sum(length, t => Ops.Let(Logits(ss[t + 1], Wy, by, W.GetLength(1)), z => LogSumExp(z) - z[text[start + t + 1]]))) / length;
}
