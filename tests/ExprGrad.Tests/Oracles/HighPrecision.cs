using System.Numerics;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// Reference values for the special functions in binary fixed point (a value v is the integer v·2^P), far
/// beyond double precision, so a double result can be compared with an error far below its own ulp. The
/// series are the textbook ones, taken with enough bits and terms that their own error is negligible:
/// erf by its alternating Taylor series (P covers the cancellation e^(x²)), log Γ and the polygamma
/// functions by the shift x + 40 and Stirling's / the Euler–Maclaurin series with exact Bernoulli numbers
/// B₂ … B₄₀ (truncation below 1e-50 there). Slow by design; tests only.
/// </summary>
public sealed class HighPrecision
{
    private readonly int p;
    private readonly Lazy<BigInteger> pi, ln2;

    public HighPrecision(int bits)
    {
        p = bits;
        // Machin: π = 16 atan(1/5) − 4 atan(1/239); log 2 = 2 atanh(1/3).
        pi = new(() => 16 * AtanInverse(5) - 4 * AtanInverse(239));
        ln2 = new(() => TwoAtanh(One / 3));
    }
    private BigInteger One => BigInteger.One << p;

    public BigInteger FromDouble(double x)
    {
        if (x == 0) return BigInteger.Zero;
        long raw = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((raw >> 52) & 0x7FF);
        long mantissa = raw & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        int shift = exponent - 1075 + p;
        BigInteger m = mantissa;
        var v = shift >= 0 ? m << shift : m >> -shift; // the shift is only negative for values below 2^-P
        return x < 0 ? -v : v;
    }

    public BigInteger FromInt(BigInteger n) => n << p;

    public BigInteger Mul(BigInteger a, BigInteger b) => a * b >> p;

    public BigInteger Div(BigInteger a, BigInteger b) => (a << p) / b;

    /// <summary>|approximation − reference| / |reference|.</summary>
    public double RelativeError(double approximation, BigInteger reference)
    {
        var difference = BigInteger.Abs(FromDouble(approximation) - reference);
        return (double)((difference << 256) / BigInteger.Abs(reference)) / Math.Pow(2, 256);
    }

    /// <summary>|approximation − reference|.</summary>
    public double AbsoluteError(double approximation, BigInteger reference) =>
        (double)((BigInteger.Abs(FromDouble(approximation) - reference) << 64) >> p) / Math.Pow(2, 64);

    public BigInteger Pi() => pi.Value;

    private BigInteger AtanInverse(int n)
    {
        BigInteger power = One / n, sum = 0, n2 = n * n;
        for (int k = 0; power != 0; k++)
        {
            sum += (k % 2 == 0 ? 1 : -1) * (power / (2 * k + 1));
            power /= n2;
        }
        return sum;
    }

    public BigInteger Sqrt(BigInteger a)
    {
        var n = a << p; // √(a·2^P · 2^P) = √a · 2^P
        if (n.IsZero) return 0;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>2 atanh(t) = log((1 + t)/(1 − t)), for |t| ≤ 1/3.</summary>
    private BigInteger TwoAtanh(BigInteger t)
    {
        BigInteger sum = 0, power = t, square = Mul(t, t);
        for (int k = 0; power != 0; k++)
        {
            sum += power / (2 * k + 1);
            power = Mul(power, square);
        }
        return 2 * sum;
    }

    public BigInteger Ln2() => ln2.Value;

    public BigInteger Ln(BigInteger a)
    {
        if (a.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(a));
        int k = (int)a.GetBitLength() - 1 - p; // a = m·2^k with m in [1, 2)
        var m = k >= 0 ? a >> k : a << -k;
        return TwoAtanh(Div(m - One, m + One)) + k * Ln2();
    }

    public BigInteger Exp(BigInteger a)
    {
        var ln2 = Ln2();
        var k = a / ln2; // a = k ln 2 + r with |r| < ln 2
        var r = a - k * ln2;
        BigInteger sum = One, term = One;
        for (int n = 1; term != 0; n++)
        {
            term = Mul(term, r) / n;
            sum += term;
        }
        int shift = (int)k;
        return shift >= 0 ? sum << shift : sum >> -shift;
    }

    /// <summary>erf(x) = (2/√π) Σₙ (−1)ⁿ x^(2n+1) / (n!(2n + 1)).</summary>
    public BigInteger Erf(double x) => ErfOf(FromDouble(x));

    public BigInteger Erfc(double x) => One - Erf(x);

    /// <summary>Φ(x) = erfc(−x/√2)/2, with x/√2 taken in full precision (not rounded to a double first).</summary>
    public BigInteger NormalCdf(double x) => (One - ErfOf(Div(FromDouble(-x), Sqrt(2 * One)))) / 2;

    private BigInteger ErfOf(BigInteger value)
    {
        var square = Mul(value, value);
        BigInteger sum = 0, power = value; // x^(2n+1)/n!
        for (int n = 0; power != 0; n++)
        {
            sum += (n % 2 == 0 ? 1 : -1) * (power / (2 * n + 1));
            power = Mul(power, square) / (n + 1);
        }
        return Div(2 * sum, Sqrt(Pi()));
    }

    private const int Shift = 40;

    /// <summary>log Γ(x) for x &gt; 0: Stirling's series at z = x + 40 minus Σₖ log(x + k).</summary>
    public BigInteger LogGamma(double x)
    {
        var value = FromDouble(x);
        BigInteger logs = 0;
        for (int k = 0; k < Shift; k++) logs += Ln(value + FromInt(k));
        var z = value + FromInt(Shift);
        var result = Mul(z - One / 2, Ln(z)) - z + Ln(2 * Pi()) / 2;
        var bernoulli = Bernoulli();
        for (int k = 1; k <= 20; k++)
        {
            var (num, den) = bernoulli[2 * k];
            var power = z; // z^(2k−1)
            for (int j = 1; j < 2 * k - 1; j++) power = Mul(power, z);
            result += Div(FromInt(num) / (den * 2 * k * (2 * k - 1)), power);
        }
        return result - logs;
    }

    /// <summary>ψ⁽ⁿ⁾(x) for x &gt; 0 (n = 0: ψ): the Euler–Maclaurin series at z = x + 40 plus the shifted terms.</summary>
    public BigInteger Polygamma(int n, double x)
    {
        var value = FromDouble(x);
        var z = value + FromInt(Shift);
        var bernoulli = Bernoulli();
        BigInteger Power(BigInteger b, int e) { var r = One; for (int i = 0; i < e; i++) r = Mul(r, b); return r; }
        BigInteger factorial = 1;
        for (int i = 2; i <= n; i++) factorial *= i;
        if (n == 0)
        {
            var psi = Ln(z) - Div(One / 2, z);
            BigInteger shifted = 0;
            for (int k = 0; k < Shift; k++) shifted += Div(One, value + FromInt(k));
            for (int k = 1; k <= 20; k++)
            {
                var (num, den) = bernoulli[2 * k];
                psi -= Div(FromInt(num) / (den * 2 * k), Power(z, 2 * k));
            }
            return psi - shifted;
        }
        // (n − 1)!/zⁿ + n!/(2zⁿ⁺¹) + Σₖ B₂ₖ (2k + n − 1)!/((2k)! z^(2k+n)), and n! Σ 1/(x + k)ⁿ⁺¹; sign (−1)ⁿ⁺¹
        var series = Div(FromInt(factorial / n), Power(z, n)) + Div(FromInt(factorial) / 2, Power(z, n + 1));
        for (int k = 1; k <= 20; k++)
        {
            var (num, den) = bernoulli[2 * k];
            BigInteger ratio = 1;
            for (int j = 2 * k + 1; j <= 2 * k + n - 1; j++) ratio *= j;
            series += Div(FromInt(num * ratio) / den, Power(z, 2 * k + n));
        }
        for (int k = 0; k < Shift; k++) series += factorial * Div(One, Power(value + FromInt(k), n + 1));
        return n % 2 == 1 ? series : -series;
    }

    /// <summary>B₀ … B₄₀ as exact fractions (Akiyama–Tanigawa).</summary>
    private static (BigInteger Num, BigInteger Den)[] Bernoulli()
    {
        const int count = 41;
        var result = new (BigInteger, BigInteger)[count];
        var a = new (BigInteger Num, BigInteger Den)[count];
        for (int m = 0; m < count; m++)
        {
            a[m] = (1, m + 1);
            for (int j = m; j >= 1; j--)
            {
                // a[j−1] = j·(a[j−1] − a[j])
                var num = j * (a[j - 1].Num * a[j].Den - a[j].Num * a[j - 1].Den);
                var den = a[j - 1].Den * a[j].Den;
                var g = BigInteger.GreatestCommonDivisor(num, den);
                a[j - 1] = g.IsZero ? (0, 1) : (num / g, den / g);
            }
            result[m] = a[0];
        }
        result[1] = (-1, 2); // Akiyama–Tanigawa gives B₁ = +½; only the even ones are used
        return result;
    }
}
