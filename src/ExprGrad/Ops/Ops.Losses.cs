namespace ExprGrad;

public static partial class Ops
{
    /// <summary>
    /// The softmax cross-entropy of a batch, averaged over its rows: (1/r) Σᵢ (LogSumExp(logits row i) −
    /// logits[i, labels[i]]), computed stably (logits of ±1000 give finite losses and gradients); NaN for no rows.
    /// The gradient to the logits is (softmax(logits) − onehot(labels)) / r; the labels are data.
    /// </summary>
    /// <param name="logits">An r×c matrix: one row of class scores per example.</param>
    /// <param name="labels">The class of each row, 0 ≤ labels[i] &lt; c.</param>
    /// <exception cref="ArgumentException">The labels are not one per row, or a label is not a column of the
    /// logits (the message names the row).</exception>
    public static double CrossEntropy(double[,] logits, int[] labels)
    {
        Kernels.RequireLabels(logits, labels);
        int rows = logits.GetLength(0), classes = logits.GetLength(1);
        Span<double> scratch = classes <= 256 ? stackalloc double[classes] : new double[classes];
        double total = 0;
        for (int i = 0; i < rows; i++) total += Kernels.LogSumExp(Kernels.Row(logits, i), scratch) - logits[i, labels[i]];
        return total / rows;
    }

    /// <summary>
    /// The binary cross-entropy of logits x against targets t, averaged: (1/n) Σᵢ (max(xᵢ, 0) − xᵢtᵢ + log(1 + e^−|xᵢ|)),
    /// the stable form of −t·log σ(x) − (1 − t)·log(1 − σ(x)) (finite at logits of ±1000); NaN for no elements.
    /// The gradient is (σ(x) − t)/n to the logits and −x/n to the targets.
    /// </summary>
    /// <param name="logits">The logits x.</param>
    /// <param name="targets">The targets t, of the same length (usually in [0, 1]).</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double BinaryCrossEntropyWithLogits(double[] logits, double[] targets)
    {
        Kernels.RequireSameShape(nameof(BinaryCrossEntropyWithLogits), logits, targets);
        double total = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double x = logits[i];
            total += Math.Max(x, 0) - x * targets[i] + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        }
        return total / logits.Length;
    }
}
