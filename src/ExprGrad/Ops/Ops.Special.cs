namespace ExprGrad;

public static partial class Ops
{
    /// <summary>log|Γ(x)|, the log of the gamma function (for x ≤ 0 of its absolute value); +∞ at 0 and the negative integers, where Γ has poles. Its derivative is <see cref="Digamma(double)"/>.</summary>
    /// <param name="x">A number.</param>
    public static double LogGamma(double x) => GammaFunctions.LogGamma(x);

    /// <summary>LogGamma of every element: see <see cref="LogGamma(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] LogGamma(double[] a) => Each(a, GammaFunctions.LogGamma);

    /// <summary>LogGamma of every element: see <see cref="LogGamma(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] LogGamma(double[,] a) => Each(a, GammaFunctions.LogGamma);

    /// <summary>ψ(x) = d/dx log Γ(x); NaN at 0 and the negative integers (poles with −∞ on one side, +∞ on the other). Its derivative is <see cref="Trigamma(double)"/>.</summary>
    /// <param name="x">A number.</param>
    public static double Digamma(double x) => GammaFunctions.Digamma(x);

    /// <summary>Digamma of every element: see <see cref="Digamma(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Digamma(double[] a) => Each(a, GammaFunctions.Digamma);

    /// <summary>Digamma of every element: see <see cref="Digamma(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Digamma(double[,] a) => Each(a, GammaFunctions.Digamma);

    /// <summary>ψ′(x), the derivative of the digamma function; +∞ at 0 and the negative integers. Its derivative is <see cref="Polygamma(int, double)"/> of order 2.</summary>
    /// <param name="x">A number.</param>
    public static double Trigamma(double x) => GammaFunctions.Polygamma(1, x);

    /// <summary>Trigamma of every element: see <see cref="Trigamma(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Trigamma(double[] a) => Each(a, static x => GammaFunctions.Polygamma(1, x));

    /// <summary>Trigamma of every element: see <see cref="Trigamma(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Trigamma(double[,] a) => Each(a, static x => GammaFunctions.Polygamma(1, x));

    /// <summary>The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt.</summary>
    /// <param name="x">A number.</param>
    public static double Erf(double x) => ErrorFunction.Erf(x);

    /// <summary>Erf of every element: see <see cref="Erf(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Erf(double[] a) => Each(a, ErrorFunction.Erf);

    /// <summary>Erf of every element: see <see cref="Erf(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Erf(double[,] a) => Each(a, ErrorFunction.Erf);

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), accurate far in the upper tail (erfc(10) ≈ 2.1e-45), 0 beyond x ≈ 27.3.</summary>
    /// <param name="x">A number.</param>
    public static double Erfc(double x) => ErrorFunction.Erfc(x);

    /// <summary>Erfc of every element: see <see cref="Erfc(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Erfc(double[] a) => Each(a, ErrorFunction.Erfc);

    /// <summary>Erfc of every element: see <see cref="Erfc(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Erfc(double[,] a) => Each(a, ErrorFunction.Erfc);

    /// <summary>Φ(x), the standard normal distribution's CDF, accurate in both tails (Φ(−30) ≈ 4.9e-198).</summary>
    /// <param name="x">A number.</param>
    public static double NormalCdf(double x) => ErrorFunction.NormalCdf(x);

    /// <summary>NormalCdf of every element: see <see cref="NormalCdf(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] NormalCdf(double[] a) => Each(a, ErrorFunction.NormalCdf);

    /// <summary>NormalCdf of every element: see <see cref="NormalCdf(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] NormalCdf(double[,] a) => Each(a, ErrorFunction.NormalCdf);

    /// <summary>log Φ(x), stable in both tails: finite where Φ underflows (log Φ(−40) ≈ −804.61) and accurate where Φ rounds to 1 (log Φ(10) ≈ −7.6e-24). Its derivative φ(x)/Φ(x) is computed without forming either.</summary>
    /// <param name="x">A number.</param>
    public static double LogNormalCdf(double x) => ErrorFunction.LogNormalCdf(x);

    /// <summary>LogNormalCdf of every element: see <see cref="LogNormalCdf(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] LogNormalCdf(double[] a) => Each(a, ErrorFunction.LogNormalCdf);

    /// <summary>LogNormalCdf of every element: see <see cref="LogNormalCdf(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] LogNormalCdf(double[,] a) => Each(a, ErrorFunction.LogNormalCdf);

    /// <summary>log(1 + eˣ) (softplus), stable for every x: x + log(1 + e⁻ˣ) above 0, so Log1pExp(1000) is 1000 and Log1pExp(−800) is e⁻⁸⁰⁰ rounded, not 0·overflow. Its derivative is <see cref="InvLogit(double)"/>.</summary>
    /// <param name="x">A number.</param>
    public static double Log1pExp(double x) => Elementary.Log1pExp(x);

    /// <summary>Log1pExp of every element: see <see cref="Log1pExp(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Log1pExp(double[] a) => Each(a, Elementary.Log1pExp);

    /// <summary>Log1pExp of every element: see <see cref="Log1pExp(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Log1pExp(double[,] a) => Each(a, Elementary.Log1pExp);

    /// <summary>log(1 − eˣ) for x ≤ 0 (NaN above 0, −∞ at 0), stable near 0 and for large negative x (Mächler's split at −log 2).</summary>
    /// <param name="x">A number.</param>
    public static double Log1mExp(double x) => Elementary.Log1mExp(x);

    /// <summary>Log1mExp of every element: see <see cref="Log1mExp(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Log1mExp(double[] a) => Each(a, Elementary.Log1mExp);

    /// <summary>Log1mExp of every element: see <see cref="Log1mExp(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Log1mExp(double[,] a) => Each(a, Elementary.Log1mExp);

    /// <summary>log(p / (1 − p)), the inverse of <see cref="InvLogit(double)"/>; ±∞ at 1 and 0, NaN outside [0, 1].</summary>
    /// <param name="x">A number.</param>
    public static double Logit(double x) => Elementary.Logit(x);

    /// <summary>Logit of every element: see <see cref="Logit(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Logit(double[] a) => Each(a, Elementary.Logit);

    /// <summary>Logit of every element: see <see cref="Logit(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Logit(double[,] a) => Each(a, Elementary.Logit);

    /// <summary>The logistic function 1 / (1 + e⁻ˣ), computed for each sign so that neither tail overflows or loses digits (InvLogit(−700) is e⁻⁷⁰⁰ ≈ 9.9e-305, not 1 − 1).</summary>
    /// <param name="x">A number.</param>
    public static double InvLogit(double x) => Elementary.InvLogit(x);

    /// <summary>InvLogit of every element: see <see cref="InvLogit(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] InvLogit(double[] a) => Each(a, Elementary.InvLogit);

    /// <summary>InvLogit of every element: see <see cref="InvLogit(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] InvLogit(double[,] a) => Each(a, Elementary.InvLogit);

    /// <summary>ψ⁽ⁿ⁾(x), the n-th derivative of the digamma function (n = 0 is ψ itself, 1 the trigamma function);
    /// at 0 and the negative integers +∞ for odd n and NaN for even n. Its derivative is the polygamma function of
    /// order n + 1.</summary>
    /// <param name="n">The order, at least 0.</param>
    /// <param name="x">A number.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static double Polygamma(int n, double x) => GammaFunctions.Polygamma(n, x);

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without the cancellation of that difference when
    /// a or b is large (the Stirling corrections are combined first). Positive a and b; NaN otherwise.</summary>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static double LogBeta(double a, double b) => BetaFunction.LogBeta(a, b);

    /// <summary>LogBeta of every pair of elements: see <see cref="LogBeta(double, double)"/>.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] LogBeta(double[] a, double[] b) => Each(nameof(LogBeta), a, b, BetaFunction.LogBeta);

    /// <summary>LogBeta of every pair of elements: see <see cref="LogBeta(double, double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] LogBeta(double[,] a, double[,] b) => Each(nameof(LogBeta), a, b, BetaFunction.LogBeta);

    /// <summary>log(eᵃ + eᵇ), stable for any magnitudes: max(a, b) + log(1 + e^(−|a − b|)); −∞ when both are −∞.
    /// Its partials are InvLogit(a − b) and InvLogit(b − a).</summary>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static double LogSumExp(double a, double b) => Elementary.LogSumExp(a, b);

    /// <summary>log(eᵃ + eᵇ) of every pair of elements (a mixture's two log-densities): see <see cref="LogSumExp(double, double)"/>.
    /// Not the reduction <see cref="LogSumExp(double[])"/>, which takes one vector.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] LogSumExp(double[] a, double[] b) => Each(nameof(LogSumExp), a, b, Elementary.LogSumExp);

    /// <summary>log(eᵃ + eᵇ) of every pair of elements: see <see cref="LogSumExp(double, double)"/>.
    /// Not the row reduction <see cref="LogSumExp(double[,])"/>, which takes one matrix.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] LogSumExp(double[,] a, double[,] b) => Each(nameof(LogSumExp), a, b, Elementary.LogSumExp);

    /// <summary>ψ(x) − ψ(x + y), the partial of <see cref="LogBeta(double, double)"/> in its first argument, a primitive of
    /// its own so that it keeps its digits when x is large beside y (the plain difference cancels to 0). Printed
    /// gradient code (<see cref="GradientCode"/>) calls it.</summary>
    /// <param name="x">A positive number.</param>
    /// <param name="y">A positive number.</param>
    public static double DigammaDifference(double x, double y) => GammaFunctions.DigammaDifference(x, y);

    /// <summary>DigammaDifference of every pair of elements: the partials of the elementwise LogBeta.</summary>
    /// <param name="x">A vector.</param>
    /// <param name="y">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] DigammaDifference(double[] x, double[] y) => Each(nameof(DigammaDifference), x, y, GammaFunctions.DigammaDifference);

    /// <summary>DigammaDifference of every pair of elements: the partials of the elementwise LogBeta.</summary>
    /// <param name="x">A matrix.</param>
    /// <param name="y">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] DigammaDifference(double[,] x, double[,] y) => Each(nameof(DigammaDifference), x, y, GammaFunctions.DigammaDifference);

    /// <summary>φ(x)/Φ(x) (the inverse Mills ratio), the derivative of <see cref="LogNormalCdf(double)"/>, stable in
    /// both tails: a primitive of its own so that its derivative −r(x + r) can be taken again. Printed gradient code
    /// (<see cref="GradientCode"/>) calls it.</summary>
    /// <param name="x">Any number.</param>
    public static double LogNormalCdfDerivative(double x) => ErrorFunction.LogNormalCdfDerivative(x);

    private static double[] Each(string op, double[] a, double[] b, Func<double, double, double> f)
    {
        Kernels.RequireSameShape(op, a, b);
        var c = new double[a.Length];
        for (int i = 0; i < c.Length; i++) c[i] = f(a[i], b[i]);
        return c;
    }

    private static double[,] Each(string op, double[,] a, double[,] b, Func<double, double, double> f)
    {
        Kernels.RequireSameShape(op, a, b);
        var c = Kernels.NewLike(a);
        Span<double> x = Kernels.Flat(a), y = Kernels.Flat(b), target = Kernels.Flat(c);
        for (int i = 0; i < target.Length; i++) target[i] = f(x[i], y[i]);
        return c;
    }
}
