using ExprGrad;
using static ExprGrad.Ops;

/// <summary>The classifier's parameters: a tanh hidden layer and a linear output layer, one logit per species.</summary>
public sealed record Mlp(double[,] W1, double[] b1, double[,] W2, double[] b2);

/// <summary>The network as plain methods: training differentiates <see cref="Loss"/> through the record, the
/// gradient check differentiates it over the four arrays, and evaluation calls <see cref="Logits"/> directly.</summary>
public static class Network
{
    /// <summary>One row of logits per row of <paramref name="X"/>: tanh(X·W1 + b1)·W2 + b2.</summary>
    [Differentiable]
    public static double[,] Logits(double[,] W1, double[] b1, double[,] W2, double[] b2, double[,] X) =>
        AddRow(MatMul(Tanh(AddRow(MatMul(X, W1), b1)), W2), b2);

    /// <summary>Mean cross-entropy of the softmax of the logits against the labels.</summary>
    [Differentiable]
    public static double Loss(double[,] W1, double[] b1, double[,] W2, double[] b2, double[,] X, int[] labels) =>
        CrossEntropy(Logits(W1, b1, W2, b2, X), labels);

    /// <summary>The fraction of rows whose largest logit is the label's.</summary>
    public static double Accuracy(Mlp p, double[,] X, int[] labels)
    {
        var logits = Logits(p.W1, p.b1, p.W2, p.b2, X);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int k = 1; k < logits.GetLength(1); k++)
                if (logits[i, k] > logits[i, best]) best = k;
            if (best == labels[i]) correct++;
        }
        return (double)correct / labels.Length;
    }

    /// <summary>Weights uniform in ±1/√fan-in (the usual scale for tanh), biases zero.</summary>
    public static Mlp Initial(Random random, int inputs, int hidden, int classes)
    {
        double[,] Uniform(int rows, int columns)
        {
            var m = new double[rows, columns];
            var scale = 1 / Math.Sqrt(rows);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) m[i, j] = (2 * random.NextDouble() - 1) * scale;
            return m;
        }
        return new Mlp(Uniform(inputs, hidden), new double[hidden], Uniform(hidden, classes), new double[classes]);
    }
}
