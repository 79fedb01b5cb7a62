// Transcriptions of GradientCode.Of's imperative-Rosenbrock program (ValueAndGradient), then one cause removed at a time.
public sealed class Trail<T>
{
    private T[] items = new T[8];
    private int count;
    public void Push(T value) { if (count == items.Length) Array.Resize(ref items, items.Length * 2); items[count++] = value; }
    public T Get(int index) => items[index];
}

public static class RosenVariants
{
    // R1: verbatim.
    public static (double, double[]) R1(double[] x)
    {
        bool c3; int c4, i16, k; double x5, x6, t7, t8, t9, t10, t11, t12, t13, t14, acc15, dt9, dt10, dt8, dx6, dt7;
        if (x == null) throw new ArgumentNullException("x");
        var s_acc = 0.0; var trail_acc = new Trail<double>(); var s_i = 0; var trail_i = new Trail<int>(); var iterations = 0;
        while (true)
        {
            c3 = !(s_i >= x.Length - 1);
            if (!c3) break;
            trail_acc.Push(s_acc); trail_i.Push(s_i);
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8; t11 = t10 * t8; t12 = t9 * t9; t13 = t11 + t12; t14 = s_acc + t13;
            acc15 = t14; i16 = c4; s_acc = acc15; s_i = i16; ++iterations;
        }
        acc15 = s_acc; i16 = s_i;
        var carry_acc = 1.0;
        var dx = new double[x.Length];
        for (k = iterations - 1; k >= 0; k--)
        {
            s_acc = trail_acc.Get(k); s_i = trail_i.Get(k);
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8;
            dt9 = carry_acc * t9; dt9 += carry_acc * t9; dt10 = carry_acc * t8; dt8 = carry_acc * t10; dt8 += dt10 * 100.0;
            dx6 = -dt9; dt7 = -dt8; dx6 += dt7 * x6; dx6 += dt7 * x6;
            dx[s_i] += dx6; dx[c4] += dt8;
            carry_acc = carry_acc;
        }
        return (acc15, dx);
    }

    // R2: no trail for the accumulator (its restored value is never read backward).
    public static (double, double[]) R2(double[] x)
    {
        bool c3; int c4, i16, k; double x5, x6, t7, t8, t9, t10, t11, t12, t13, t14, acc15, dt9, dt10, dt8, dx6, dt7;
        if (x == null) throw new ArgumentNullException("x");
        var s_acc = 0.0; var s_i = 0; var trail_i = new Trail<int>(); var iterations = 0;
        while (true)
        {
            c3 = !(s_i >= x.Length - 1);
            if (!c3) break;
            trail_i.Push(s_i);
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8; t11 = t10 * t8; t12 = t9 * t9; t13 = t11 + t12; t14 = s_acc + t13;
            acc15 = t14; i16 = c4; s_acc = acc15; s_i = i16; ++iterations;
        }
        acc15 = s_acc; i16 = s_i;
        var carry_acc = 1.0;
        var dx = new double[x.Length];
        for (k = iterations - 1; k >= 0; k--)
        {
            s_i = trail_i.Get(k);
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8;
            dt9 = carry_acc * t9; dt9 += carry_acc * t9; dt10 = carry_acc * t8; dt8 = carry_acc * t10; dt8 += dt10 * 100.0;
            dx6 = -dt9; dt7 = -dt8; dx6 += dt7 * x6; dx6 += dt7 * x6;
            dx[s_i] += dx6; dx[c4] += dt8;
            carry_acc = carry_acc;
        }
        return (acc15, dx);
    }

    // R3: R2 and the index recomputed as i = k (an induction variable: i starts at 0 and steps by 1), no trail at all.
    public static (double, double[]) R3(double[] x)
    {
        bool c3; int c4, i16, k; double x5, x6, t7, t8, t9, t10, t11, t12, t13, t14, acc15, dt9, dt10, dt8, dx6, dt7;
        if (x == null) throw new ArgumentNullException("x");
        var s_acc = 0.0; var s_i = 0; var iterations = 0;
        while (true)
        {
            c3 = !(s_i >= x.Length - 1);
            if (!c3) break;
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8; t11 = t10 * t8; t12 = t9 * t9; t13 = t11 + t12; t14 = s_acc + t13;
            acc15 = t14; i16 = c4; s_acc = acc15; s_i = i16; ++iterations;
        }
        acc15 = s_acc; i16 = s_i;
        var carry_acc = 1.0;
        var dx = new double[x.Length];
        for (k = iterations - 1; k >= 0; k--)
        {
            s_i = k;
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8;
            dt9 = carry_acc * t9; dt9 += carry_acc * t9; dt10 = carry_acc * t8; dt8 = carry_acc * t10; dt8 += dt10 * 100.0;
            dx6 = -dt9; dt7 = -dt8; dx6 += dt7 * x6; dx6 += dt7 * x6;
            dx[s_i] += dx6; dx[c4] += dt8;
            carry_acc = carry_acc;
        }
        return (acc15, dx);
    }

    // R4: R3 with the accumulator's adjoint carry (constant 1) folded away.
    public static (double, double[]) R4(double[] x)
    {
        bool c3; int c4, i16, k; double x5, x6, t7, t8, t9, t10, t11, t12, t13, t14, acc15, dt9, dt8, dx6, dt7;
        if (x == null) throw new ArgumentNullException("x");
        var s_acc = 0.0; var s_i = 0; var iterations = 0;
        while (true)
        {
            c3 = !(s_i >= x.Length - 1);
            if (!c3) break;
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8; t11 = t10 * t8; t12 = t9 * t9; t13 = t11 + t12; t14 = s_acc + t13;
            acc15 = t14; i16 = c4; s_acc = acc15; s_i = i16; ++iterations;
        }
        acc15 = s_acc; i16 = s_i;
        var dx = new double[x.Length];
        for (k = iterations - 1; k >= 0; k--)
        {
            s_i = k;
            c4 = s_i + 1; x5 = x[c4]; x6 = x[s_i]; t7 = x6 * x6; t8 = x5 - t7; t9 = 1.0 - x6; t10 = 100.0 * t8;
            dt9 = t9 + t9; dt8 = t10 + t8 * 100.0;
            dx6 = -dt9; dt7 = -dt8; dx6 += dt7 * x6; dx6 += dt7 * x6;
            dx[s_i] += dx6; dx[c4] += dt8;
        }
        return (acc15, dx);
    }

    // R5: R4 with the forward and backward loops fused (the backward needs nothing the loop computes later).
    public static (double, double[]) R5(double[] x)
    {
        if (x == null) throw new ArgumentNullException("x");
        var acc = 0.0;
        var dx = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double x5 = x[i + 1], x6 = x[i], t8 = x5 - x6 * x6, t9 = 1.0 - x6, t10 = 100.0 * t8;
            acc += t10 * t8 + t9 * t9;
            double dt8 = t10 + t8 * 100.0, dt7 = -dt8;
            double dx6 = -(t9 + t9); dx6 += dt7 * x6; dx6 += dt7 * x6;
            dx[i] += dx6; dx[i + 1] += dt8;
        }
        return (acc, dx);
    }
}
