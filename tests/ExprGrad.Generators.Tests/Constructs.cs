using ExprGrad;

namespace ExprGrad.Generators.Tests;

/// <summary>[Differentiable] methods compiled with the generator, one or more constructs each; the tests take their
/// gradients and compare them with central differences of the same methods run as plain C#. The models of
/// examples/Methods (the logistic regression among them) are compiled into this project too.</summary>
internal static class Constructs
{
    [Differentiable]
    private static double Square(double v) => v * v;

    /// <summary>while, an early return, a local array written by index, a helper call, ++ and a ternary.</summary>
    [Differentiable]
    public static double Damped(double[] x, double rate)
    {
        var h = new double[x.Length];
        int k = 0;
        double energy = 0;
        while (k < x.Length)
        {
            h[k] = k == 0 ? x[0] : rate * h[k - 1] + x[k];
            energy += Square(h[k]);
            if (energy > 50) return Math.Sqrt(energy) * rate;
            k++;
        }
        return energy / (1 + rate * rate);
    }

    /// <summary>foreach, continue, break, -=, *=, /=.</summary>
    [Differentiable]
    public static double Skipping(double[] x, double scale)
    {
        double s = 1;
        foreach (var v in x)
        {
            if (v < 0) continue;
            if (v > 100) break;
            s *= 1 + v * scale;
            s -= 0.25 * v;
            s /= 1.5;
        }
        return s;
    }

    /// <summary>do-while, --, an if/else statement, a local matrix written by index, Ops and LINQ sums.</summary>
    [Differentiable]
    public static double Mixed(double[] x, double t)
    {
        var m = new double[2, x.Length];
        int i = x.Length;
        do
        {
            i--;
            if (x[i] > t) m[0, i] = x[i] * t;
            else m[1, i] = Math.Sin(x[i]) - t;
        } while (i > 0);
        double rows = Ops.Sum(x.Length, j => m[0, j] * m[1, j] + m[0, j]);
        return rows + Enumerable.Range(0, x.Length).Sum(j => Ops.Sigmoid(m[1, j])) + x.Sum(v => v * v * t);
    }

    /// <summary>A statement lambda with a local, an early return followed by a loop, and a while (true) loop inside an
    /// if passed to Ops.Sum, and a lambda literal
    /// invoked where it stands (how GradientCode prints a block used as a value).</summary>
    [Differentiable]
    public static double StatementLambdas(double[] x, double t)
    {
        double total = Ops.Sum(x.Length, i =>
        {
            double v = x[i] * t;
            if (v > 2) return Math.Log(v);
            for (int k = 0; k < 2; k++) v = v * v - t;
            if (v < 0)
            {
                int m = 0;
                while (true)
                {
                    if (m >= 2) break;
                    v = v * t - 0.5;
                    m++;
                }
            }
            return v * t;
        });
        return total + ((Func<double>)(() =>
        {
            double s = 0;
            foreach (var v in x) s += v * v;
            return s * t;
        }))();
    }

    /// <summary>A static local function calling another [Differentiable] method.</summary>
    public static Func<double[], double> LocalFunction()
    {
        [Differentiable]
        static double Norm(double[] v)
        {
            double s = 0;
            for (int i = 0; i < v.Length; i += 1) s += Square(v[i]);
            return Math.Sqrt(s);
        }
        return Norm;
    }

}
