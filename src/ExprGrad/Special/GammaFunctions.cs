namespace ExprGrad;

/// <summary>
/// log Γ, ψ and the polygamma functions without a dependency. Near the zeros of log Γ (x = 1, 2) a power series in
/// the exact offset z = x − 1 or x − 2 keeps the relative accuracy that Stirling's series would lose there;
/// elsewhere the recurrences Γ(x + 1) = xΓ(x), ψ(x + 1) = ψ(x) + 1/x shift the argument to where the asymptotic
/// (Stirling, Euler–Maclaurin) series converge to a few ulps, and the reflection formulas serve x &lt; 0.
/// </summary>
internal static class GammaFunctions
{
    private const double EulerGamma = 0.57721566490153286061;
    private const double HalfLog2Pi = 0.91893853320467274178;
    private const double LogPi = 1.14472988584940017414;

    /// <summary>B₂, B₄ … B₂₀.</summary>
    private static readonly double[] Bernoulli =
    [
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798, -174611.0 / 330,
    ];

    /// <summary>(−1)ᵏ(ζ(k) − 1)/k for k = 2 … 40: the coefficients of log Γ(2 + z) beyond its linear term.</summary>
    private static readonly double[] LogGammaTwoSeries = BuildLogGammaTwoSeries();

    public static double LogGamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity; // a pole of Γ
            // Γ(x)Γ(1 − x) = π / sin(πx)
            return LogPi - Math.Log(Math.Abs(double.SinPi(x))) - LogGamma(1 - x);
        }
        if (x < 0.5) return LogGammaTwo(x) - Elementary.Log1p(x) - Math.Log(x);
        if (x < 1.5) return LogGammaTwo(x - 1) - Elementary.Log1p(x - 1);
        if (x < 2.5) return LogGammaTwo(x - 2);
        if (x < 10)
        {
            // Γ(x) = (x − 1)…(x − n) Γ(x − n) with x − n in [1.5, 2.5); x − k is exact.
            double product = 1, z = x;
            while (z >= 2.5) { z -= 1; product *= z; }
            return Math.Log(product) + LogGammaTwo(z - 2);
        }
        return (x - 0.5) * Math.Log(x) - x + HalfLog2Pi + StirlingCorrection(x);
    }

    /// <summary>log Γ(x) − ((x − ½) log x − x + ½ log 2π) for x ≥ 10: Σ B₂ₖ / (2k(2k − 1) x^(2k − 1)).</summary>
    public static double StirlingCorrection(double x)
    {
        double inverse = 1 / x, square = inverse * inverse, sum = 0;
        for (int k = Bernoulli.Length; k >= 1; k--) sum = sum * square + Bernoulli[k - 1] / (2 * k * (2 * k - 1));
        return sum * inverse;
    }

    /// <summary>log Γ(2 + z) for |z| ≤ ½ (and 0 ≤ z &lt; 2.5 − 2): (1 − γ)z + Σₖ (−1)ᵏ(ζ(k) − 1)zᵏ/k.</summary>
    private static double LogGammaTwo(double z)
    {
        double sum = 0;
        for (int k = LogGammaTwoSeries.Length - 1; k >= 0; k--) sum = sum * z + LogGammaTwoSeries[k];
        return z * ((1 - EulerGamma) + z * sum);
    }

    public static double Digamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsPositiveInfinity(x)) return x;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.NaN; // a pole with −∞ on one side and +∞ on the other
            // ψ(1 − x) − ψ(x) = π cot(πx)
            return Digamma(1 - x) - Math.PI * double.CosPi(x) / double.SinPi(x);
        }
        if (Math.Abs(x - DigammaZero) < 0.25) return DigammaNearZero((x - DigammaZero) - DigammaZeroLow);
        double shift = 0;
        while (x < 12) { shift -= 1 / x; x += 1; }
        double inverse = 1 / x, square = inverse * inverse, sum = 0;
        for (int k = Bernoulli.Length; k >= 1; k--) sum = sum * square + Bernoulli[k - 1] / (2 * k);
        return shift + Math.Log(x) - 0.5 * inverse - sum * square;
    }

    /// <summary>
    /// ψ(x) − ψ(x + y) for positive x and y without the cancellation of that difference when x is large beside y (the
    /// partial of log B(x, y) in x: at x = 10²⁰, y = 2 both digammas round to one double and the difference to 0, not
    /// −2·10⁻²⁰). Below 12 the recurrence ψ(x) = ψ(x + 1) − 1/x shifts x up, each step adding −y/(x(x + y)); from 12 the
    /// asymptotic series of the two digammas is differenced term by term: −log(1 + y/x) − y/(2x(x + y)) −
    /// Σ B₂ₖ/(2k)·x⁻²ᵏ(1 − (1 + y/x)⁻²ᵏ). Other arguments (NaN, ≤ 0, ∞) give the plain difference.
    /// </summary>
    public static double DigammaDifference(double x, double y)
    {
        if (!(x > 0 && y > 0) || double.IsInfinity(x) || double.IsInfinity(y)) return Digamma(x) - Digamma(x + y);
        double shifted = 0;
        while (x < 12) { shifted -= y / (x * (x + y)); x += 1; }
        double log = Elementary.Log1p(y / x), inverseSquare = 1 / (x * x), power = 1, sum = 0;
        for (int k = 1; k <= Bernoulli.Length; k++)
        {
            power *= inverseSquare;
            sum += Bernoulli[k - 1] / (2 * k) * power * -Elementary.Expm1(-2 * k * log);
        }
        return shifted - log - y / (2 * x * (x + y)) - sum;
    }

    /// <summary>ψ's positive zero 1.4616321449683623412626595…, as a double and the rest.</summary>
    private const double DigammaZero = 1.4616321449683622, DigammaZeroLow = 9.549995429965697715e-17;

    /// <summary>ψ⁽ᵏ⁾(x₀)/k! for k = 1 … 26: Taylor coefficients of ψ at its zero x₀ (radius x₀, the pole at 0).</summary>
    private static readonly double[] DigammaAtZero = [.. Enumerable.Range(1, 26).Select(k =>
        Polygamma(k, DigammaZero) / Enumerable.Range(1, k).Aggregate(1.0, (f, j) => f * j))];

    /// <summary>ψ(x₀ + z) for |z| &lt; ¼: the series in the offset from the zero keeps the relative accuracy that
    /// ψ(x + n) − Σ 1/(x + k) loses to cancellation there.</summary>
    private static double DigammaNearZero(double z)
    {
        double sum = 0;
        for (int k = DigammaAtZero.Length - 1; k >= 0; k--) sum = sum * z + DigammaAtZero[k];
        return sum * z;
    }

    /// <summary>ψ⁽ⁿ⁾(x), the n-th derivative of ψ; n = 0 is ψ itself.</summary>
    public static double Polygamma(int n, double x)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The order of a polygamma function is at least 0.");
        if (n == 0) return Digamma(x);
        if (double.IsNaN(x)) return x;
        if (double.IsPositiveInfinity(x)) return 0;
        if (x <= 0)
        {
            // At a pole ψ⁽ⁿ⁾ tends to +∞ from both sides for odd n, and to ±∞ for even n.
            if (x == Math.Floor(x)) return n % 2 == 1 ? double.PositiveInfinity : double.NaN;
            // ψ⁽ⁿ⁾(1 − x) + (−1)ⁿ⁺¹ψ⁽ⁿ⁾(x) = (−1)ⁿ π dⁿ/dxⁿ cot(πx)
            double sign = n % 2 == 0 ? 1 : -1;
            return -sign * (sign * Math.PI * CotangentDerivative(n, x) - Polygamma(n, 1 - x));
        }
        // ψ⁽ⁿ⁾(x) = (−1)ⁿ⁺¹ n! Σₖ 1/(x + k)ⁿ⁺¹: every term has the same sign, so the shifted sum loses nothing.
        double threshold = 20 + n, sum = 0;
        while (x < threshold) { sum += Math.Pow(x, -(n + 1)); x += 1; }
        double factorial = Factorial(n);
        double inverse = 1 / x, square = inverse * inverse;
        // (n − 1)!/xⁿ + n!/(2xⁿ⁺¹) + Σₖ B₂ₖ (2k + n − 1)!/((2k)! x^(2k + n))
        double series = 0;
        for (int k = Bernoulli.Length; k >= 1; k--)
        {
            double ratio = 1; // (2k + n − 1)! / (2k)!
            for (int j = 2 * k + 1; j <= 2 * k + n - 1; j++) ratio *= j;
            series = series * square + Bernoulli[k - 1] * ratio;
        }
        double tail = Math.Pow(inverse, n) * (factorial / n + factorial * inverse / 2 + square * series);
        double magnitude = factorial * sum + tail;
        return n % 2 == 1 ? magnitude : -magnitude;
    }

    /// <summary>dⁿ/dxⁿ cot(πx) = πⁿ Pₙ(cot πx), with P₀(c) = c and Pₖ₊₁(c) = −(1 + c²) Pₖ′(c).</summary>
    private static double CotangentDerivative(int n, double x)
    {
        var coefficients = new double[n + 2];
        coefficients[1] = 1;
        for (int k = 0; k < n; k++)
        {
            var next = new double[n + 2];
            for (int j = 1; j <= k + 1; j++)
            {
                double derivative = j * coefficients[j]; // the coefficient of c^(j−1) in Pₖ′
                next[j - 1] -= derivative;
                next[j + 1] -= derivative;
            }
            coefficients = next;
        }
        double c = double.CosPi(x) / double.SinPi(x), value = 0;
        for (int j = n + 1; j >= 0; j--) value = value * c + coefficients[j];
        return Math.Pow(Math.PI, n) * value;
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int k = 2; k <= n; k++) f *= k;
        return f;
    }

    /// <summary>ζ(k) − 1 = Σₘ≥₂ m⁻ᵏ, by its first terms (smallest first) and the Euler–Maclaurin tail from m = 10.</summary>
    private static double[] BuildLogGammaTwoSeries()
    {
        var series = new double[39];
        for (int k = 2; k <= 40; k++)
        {
            double tail = Math.Pow(10, 1 - k) / (k - 1) + 0.5 * Math.Pow(10, -k);
            double rising = k; // k(k + 1)…(k + 2j − 2)
            double factorial = 2; // (2j)!
            for (int j = 1; j <= 6; j++)
            {
                tail += Bernoulli[j - 1] / factorial * rising * Math.Pow(10, -k - 2 * j + 1);
                rising *= (k + 2 * j - 1) * (double)(k + 2 * j);
                factorial *= (2 * j + 1) * (double)(2 * j + 2);
            }
            double zetaMinusOne = tail;
            for (int m = 9; m >= 2; m--) zetaMinusOne += Math.Pow(m, -k);
            series[k - 2] = (k % 2 == 0 ? 1 : -1) * zetaMinusOne / k;
        }
        return series;
    }
}
