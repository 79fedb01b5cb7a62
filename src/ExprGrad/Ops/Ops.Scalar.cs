namespace ExprGrad;

/// <summary>
/// The differentiable vocabulary beyond <see cref="Math"/>. Every member is an ordinary, fast .NET
/// method: called outside a gradient it simply computes the forward value. Inside a lambda given to
/// <see cref="Grad"/> each member is a primitive with its own derivative rule.
/// </summary>
public static partial class Ops
{
    /// <summary>The logistic sigmoid σ(x) = 1 / (1 + e^(−x)).</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The rectifier max(x, 0); NaN stays NaN. Its derivative at exactly 0 is taken as 0.</summary>
    public static double Relu(double x) => x > 0 || double.IsNaN(x) ? x : 0.0;
}
