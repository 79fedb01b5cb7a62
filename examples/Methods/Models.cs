using ExprGrad;

/// <summary>Three models written as plain C# methods with loops, locals and local arrays. [Differentiable] makes
/// ExprGrad's source generator capture each body, so lambdas that call them can be differentiated.</summary>
public static class Models
{
    /// <summary>Mean logistic loss of labels y ∈ {−1, 1} under weights w.</summary>
    [Differentiable]
    public static double LogisticLoss(double[] w, double[,] X, double[] y)
    {
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = 0;
            for (int j = 0; j < w.Length; j++) z += w[j] * X[i, j];
            total += Math.Log(1 + Math.Exp(-y[i] * z));
        }
        return total / y.Length;
    }

    /// <summary>Mean cross-entropy of a linear softmax classifier: logits = X·W, one row per sample.</summary>
    [Differentiable]
    public static double SoftmaxLoss(double[,] W, double[,] X, int[] labels)
    {
        int classes = W.GetLength(1), features = W.GetLength(0);
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var logits = new double[classes];
            double max = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                double z = 0;
                for (int j = 0; j < features; j++) z += X[i, j] * W[j, k];
                logits[k] = z;
                max = Math.Max(max, z);
            }
            total += LogSumExp(logits, max) - logits[labels[i]];
        }
        return total / labels.Length;
    }

    /// <summary>log Σ exp(z_k), shifted by the maximum so that large logits do not overflow.</summary>
    [Differentiable]
    public static double LogSumExp(double[] z, double max)
    {
        double s = 0;
        foreach (var v in z) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    /// <summary>Squared error of an Elman RNN, h_t = tanh(Wh·h_{t−1} + wx·x_t), read out as v·h_t against y_t.</summary>
    [Differentiable]
    public static double ElmanLoss(double[,] Wh, double[] wx, double[] v, double[] xs, double[] ys)
    {
        int n = wx.Length;
        var h = new double[xs.Length + 1, n];
        double loss = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            double y = 0;
            for (int i = 0; i < n; i++)
            {
                double a = wx[i] * xs[t];
                for (int j = 0; j < n; j++) a += Wh[i, j] * h[t, j];
                h[t + 1, i] = Math.Tanh(a);
                y += v[i] * h[t + 1, i];
            }
            loss += Square(y - ys[t]);
        }
        return loss / 2;
    }

    [Differentiable]
    private static double Square(double d) => d * d;
}
