namespace ExprGrad;

public static partial class Ops
{
    /// <summary>x where x &gt; 0, slope·x elsewhere, for every element; NaN stays NaN. Its derivative at exactly 0
    /// is the slope (the left one, as <see cref="Relu(double[])"/>'s is 0), so <c>LeakyRelu(a, 0)</c> is
    /// <see cref="Relu(double[])"/> in value and gradient. The slope receives a gradient too (Σ g·min(x, 0)).</summary>
    /// <param name="a">A vector.</param>
    /// <param name="slope">The factor for elements that are not positive.</param>
    public static double[] LeakyRelu(double[] a, double slope) => Each(a, x => LeakyReluOf(x, slope));

    /// <summary>x where x &gt; 0, slope·x elsewhere, for every element; NaN stays NaN. Its derivative at exactly 0
    /// is the slope (the left one, as <see cref="Relu(double[,])"/>'s is 0), so <c>LeakyRelu(a, 0)</c> is
    /// <see cref="Relu(double[,])"/> in value and gradient. The slope receives a gradient too (Σ g·min(x, 0)).</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="slope">The factor for elements that are not positive.</param>
    public static double[,] LeakyRelu(double[,] a, double slope) => Each(a, x => LeakyReluOf(x, slope));

    /// <summary>xᵖ of every element, as <see cref="Math.Pow"/> computes it (NaN for a negative x and a non-integer
    /// p). Its derivatives follow <c>Math.Pow</c>'s rule: d/dx is p·xᵖ⁻¹, which is 0 everywhere for p = 0 (0 included)
    /// and +∞ at x = 0 for 0 &lt; p &lt; 1; d/dp is Σ g·xᵖ·log x over the elements with x &gt; 0, and no gradient goes to
    /// p from elements x ≤ 0 (the real logarithm is undefined there).</summary>
    /// <param name="a">A vector.</param>
    /// <param name="p">The exponent.</param>
    public static double[] Pow(double[] a, double p) => Each(a, x => Math.Pow(x, p));

    /// <summary>xᵖ of every element, as <see cref="Math.Pow"/> computes it (NaN for a negative x and a non-integer
    /// p). Its derivatives follow <c>Math.Pow</c>'s rule: d/dx is p·xᵖ⁻¹, which is 0 everywhere for p = 0 (0 included)
    /// and +∞ at x = 0 for 0 &lt; p &lt; 1; d/dp is Σ g·xᵖ·log x over the elements with x &gt; 0, and no gradient goes to
    /// p from elements x ≤ 0 (the real logarithm is undefined there).</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="p">The exponent.</param>
    public static double[,] Pow(double[,] a, double p) => Each(a, x => Math.Pow(x, p));

    private static double LeakyReluOf(double x, double slope) => x > 0 ? x : slope * x;
}
