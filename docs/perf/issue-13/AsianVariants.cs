using MonteCarloGreeks;
// Transcriptions of GradientCode.Of's Asian program (ValueAndGradient), then one cause removed at a time.
public static class AsianVariants
{
    // A1: the printed program, verbatim.
    public static (double, (double, double, double)) A1(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        int i4, t7, i26, c27;
        double t6, s7, t9, t10, t11, t13, t14, c15, t16, c18, t19, t20, t22, t24, t25, x28, t29, sum30, c31, t32, t34, t35, t36, sum37, dt25, dt35, dt34, dsum30, dx28, dt24, dt22, dt20, dt16, dt11, dt10, dt9;
        double[] states21, dstates21;
        {
            var sum = 0.0;
            for (i4 = 0; i4 < c3; i4++)
            {
                t6 = Math.Log(s0);
                if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
                states21 = new double[c5 + 1];
                states21[0] = t6;
                for (t7 = 0; t7 < c5; t7++)
                {
                    s7 = states21[t7]; t9 = sigma * sigma; t10 = t9 / 2.0; t11 = r - t10; t13 = t11 * c12; t14 = s7 + t13;
                    c15 = Math.Sqrt(c12); t16 = sigma * c15; c18 = c17[i4, t7]; t19 = t16 * c18; t20 = t14 + t19;
                    states21[t7 + 1] = t20;
                }
                t22 = -r; t24 = t22 * c23; t25 = Math.Exp(t24);
                {
                    var sum_2 = 0.0;
                    for (i26 = 0; i26 < c5; i26++) { c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28); sum_2 += t29; }
                    sum30 = sum_2;
                }
                c31 = (double)c5; t32 = sum30 / c31; t34 = t32 - c33; t35 = Math.Max(t34, 0.0); t36 = t25 * t35;
                sum += t36;
            }
            sum37 = sum;
        }
        var c38 = (double)c3;
        var t39 = sum37 / c38;
        var dsum37 = 1.0 / c38;
        var ds0 = 0.0; var dsigma = 0.0; var dr = 0.0;
        for (i4 = 0; i4 < c3; i4++)
        {
            t6 = Math.Log(s0);
            if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
            states21 = new double[c5 + 1];
            states21[0] = t6;
            for (t7 = 0; t7 < c5; t7++)
            {
                s7 = states21[t7]; t9 = sigma * sigma; t10 = t9 / 2.0; t11 = r - t10; t13 = t11 * c12; t14 = s7 + t13;
                c15 = Math.Sqrt(c12); t16 = sigma * c15; c18 = c17[i4, t7]; t19 = t16 * c18; t20 = t14 + t19;
                states21[t7 + 1] = t20;
            }
            t22 = -r; t24 = t22 * c23; t25 = Math.Exp(t24);
            {
                var sum_3 = 0.0;
                for (i26 = 0; i26 < c5; i26++) { c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28); sum_3 += t29; }
                sum30 = sum_3;
            }
            c31 = (double)c5; t32 = sum30 / c31; t34 = t32 - c33; t35 = Math.Max(t34, 0.0);
            dt25 = dsum37 * t35; dt35 = dsum37 * t25;
            dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            dsum30 = dt34 == 0.0 && double.IsInfinity(1.0 / c31) ? 0.0 : dt34 / c31;
            dstates21 = new double[states21.Length];
            for (i26 = 0; i26 < c5; i26++)
            {
                c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28);
                dx28 = dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
                dstates21[c27] += dx28;
            }
            dt24 = dt25 == 0.0 && double.IsInfinity(t25) ? 0.0 : dt25 * t25;
            dt22 = dt24 * c23;
            dr += -dt22;
            for (t7 = c5 - 1; t7 >= 0; t7--)
            {
                s7 = states21[t7]; c15 = Math.Sqrt(c12); c18 = c17[i4, t7]; dt20 = dstates21[t7 + 1];
                dt16 = dt20 * c18; dsigma += dt16 * c15; dt11 = dt20 * c12; dr += dt11; dt10 = -dt11;
                dt9 = dt10 == 0.0 && double.IsInfinity(0.5) ? 0.0 : dt10 / 2.0;
                dsigma += dt9 * sigma; dsigma += dt9 * sigma;
                dstates21[t7] += dt20;
            }
            ds0 += dstates21[0] == 0.0 && double.IsInfinity(1.0 / s0) ? 0.0 : dstates21[0] / s0;
        }
        return (t39, (ds0, dsigma, dr));
    }

    // A2: A1 without the separate forward sweep: the value is summed in the backward replay (t36 accumulated there).
    public static (double, (double, double, double)) A2(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        int i4, t7, i26, c27;
        double t6, s7, t9, t10, t11, t13, t14, c15, t16, c18, t19, t20, t22, t24, t25, x28, t29, sum30, c31, t32, t34, t35, dt25, dt35, dt34, dsum30, dx28, dt24, dt22, dt20, dt16, dt11, dt10, dt9;
        double[] states21, dstates21;
        var c38 = (double)c3;
        var dsum37 = 1.0 / c38;
        var ds0 = 0.0; var dsigma = 0.0; var dr = 0.0; var sum = 0.0;
        for (i4 = 0; i4 < c3; i4++)
        {
            t6 = Math.Log(s0);
            if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
            states21 = new double[c5 + 1];
            states21[0] = t6;
            for (t7 = 0; t7 < c5; t7++)
            {
                s7 = states21[t7]; t9 = sigma * sigma; t10 = t9 / 2.0; t11 = r - t10; t13 = t11 * c12; t14 = s7 + t13;
                c15 = Math.Sqrt(c12); t16 = sigma * c15; c18 = c17[i4, t7]; t19 = t16 * c18; t20 = t14 + t19;
                states21[t7 + 1] = t20;
            }
            t22 = -r; t24 = t22 * c23; t25 = Math.Exp(t24);
            {
                var sum_3 = 0.0;
                for (i26 = 0; i26 < c5; i26++) { c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28); sum_3 += t29; }
                sum30 = sum_3;
            }
            c31 = (double)c5; t32 = sum30 / c31; t34 = t32 - c33; t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 = dsum37 * t35; dt35 = dsum37 * t25;
            dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            dsum30 = dt34 == 0.0 && double.IsInfinity(1.0 / c31) ? 0.0 : dt34 / c31;
            dstates21 = new double[states21.Length];
            for (i26 = 0; i26 < c5; i26++)
            {
                c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28);
                dx28 = dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
                dstates21[c27] += dx28;
            }
            dt24 = dt25 == 0.0 && double.IsInfinity(t25) ? 0.0 : dt25 * t25;
            dt22 = dt24 * c23;
            dr += -dt22;
            for (t7 = c5 - 1; t7 >= 0; t7--)
            {
                s7 = states21[t7]; c15 = Math.Sqrt(c12); c18 = c17[i4, t7]; dt20 = dstates21[t7 + 1];
                dt16 = dt20 * c18; dsigma += dt16 * c15; dt11 = dt20 * c12; dr += dt11; dt10 = -dt11;
                dt9 = dt10 == 0.0 && double.IsInfinity(0.5) ? 0.0 : dt10 / 2.0;
                dsigma += dt9 * sigma; dsigma += dt9 * sigma;
                dstates21[t7] += dt20;
            }
            ds0 += dstates21[0] == 0.0 && double.IsInfinity(1.0 / s0) ? 0.0 : dstates21[0] / s0;
        }
        return (sum / c38, (ds0, dsigma, dr));
    }

    // A3: A2 with the Exp values stored by the forward Σ-loop and reused by its adjoint loop (no second Math.Exp).
    public static (double, (double, double, double)) A3(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        int i4, t7, i26, c27;
        double t6, s7, t9, t10, t11, t13, t14, c15, t16, c18, t19, t20, t22, t24, t25, x28, t29, sum30, c31, t32, t34, t35, dt25, dt35, dt34, dsum30, dx28, dt24, dt22, dt20, dt16, dt11, dt10, dt9;
        double[] states21, dstates21, exps;
        var c38 = (double)c3;
        var dsum37 = 1.0 / c38;
        var ds0 = 0.0; var dsigma = 0.0; var dr = 0.0; var sum = 0.0;
        for (i4 = 0; i4 < c3; i4++)
        {
            t6 = Math.Log(s0);
            if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
            states21 = new double[c5 + 1];
            exps = new double[c5 + 1];
            states21[0] = t6;
            for (t7 = 0; t7 < c5; t7++)
            {
                s7 = states21[t7]; t9 = sigma * sigma; t10 = t9 / 2.0; t11 = r - t10; t13 = t11 * c12; t14 = s7 + t13;
                c15 = Math.Sqrt(c12); t16 = sigma * c15; c18 = c17[i4, t7]; t19 = t16 * c18; t20 = t14 + t19;
                states21[t7 + 1] = t20;
            }
            t22 = -r; t24 = t22 * c23; t25 = Math.Exp(t24);
            {
                var sum_3 = 0.0;
                for (i26 = 0; i26 < c5; i26++) { c27 = i26 + 1; x28 = states21[c27]; t29 = Math.Exp(x28); exps[c27] = t29; sum_3 += t29; }
                sum30 = sum_3;
            }
            c31 = (double)c5; t32 = sum30 / c31; t34 = t32 - c33; t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 = dsum37 * t35; dt35 = dsum37 * t25;
            dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            dsum30 = dt34 == 0.0 && double.IsInfinity(1.0 / c31) ? 0.0 : dt34 / c31;
            dstates21 = new double[states21.Length];
            for (i26 = 0; i26 < c5; i26++)
            {
                c27 = i26 + 1; t29 = exps[c27];
                dx28 = dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
                dstates21[c27] += dx28;
            }
            dt24 = dt25 == 0.0 && double.IsInfinity(t25) ? 0.0 : dt25 * t25;
            dt22 = dt24 * c23;
            dr += -dt22;
            for (t7 = c5 - 1; t7 >= 0; t7--)
            {
                s7 = states21[t7]; c15 = Math.Sqrt(c12); c18 = c17[i4, t7]; dt20 = dstates21[t7 + 1];
                dt16 = dt20 * c18; dsigma += dt16 * c15; dt11 = dt20 * c12; dr += dt11; dt10 = -dt11;
                dt9 = dt10 == 0.0 && double.IsInfinity(0.5) ? 0.0 : dt10 / 2.0;
                dsigma += dt9 * sigma; dsigma += dt9 * sigma;
                dstates21[t7] += dt20;
            }
            ds0 += dstates21[0] == 0.0 && double.IsInfinity(1.0 / s0) ? 0.0 : dstates21[0] / s0;
        }
        return (sum / c38, (ds0, dsigma, dr));
    }

    // A4: A3 with the three arrays allocated once per call and reused by every path.
    public static (double, (double, double, double)) A4(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        int i4, t7, i26, c27;
        double t6, s7, t9, t10, t11, t13, t14, c15, t16, c18, t19, t20, t22, t24, t25, t29, sum30, c31, t32, t34, t35, dt25, dt35, dt34, dsum30, dx28, dt24, dt22, dt20, dt16, dt11, dt10, dt9;
        if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
        var states21 = new double[c5 + 1]; var exps = new double[c5 + 1]; var dstates21 = new double[c5 + 1];
        var c38 = (double)c3;
        var dsum37 = 1.0 / c38;
        var ds0 = 0.0; var dsigma = 0.0; var dr = 0.0; var sum = 0.0;
        for (i4 = 0; i4 < c3; i4++)
        {
            t6 = Math.Log(s0);
            states21[0] = t6;
            for (t7 = 0; t7 < c5; t7++)
            {
                s7 = states21[t7]; t9 = sigma * sigma; t10 = t9 / 2.0; t11 = r - t10; t13 = t11 * c12; t14 = s7 + t13;
                c15 = Math.Sqrt(c12); t16 = sigma * c15; c18 = c17[i4, t7]; t19 = t16 * c18; t20 = t14 + t19;
                states21[t7 + 1] = t20;
            }
            t22 = -r; t24 = t22 * c23; t25 = Math.Exp(t24);
            {
                var sum_3 = 0.0;
                for (i26 = 0; i26 < c5; i26++) { c27 = i26 + 1; t29 = Math.Exp(states21[c27]); exps[c27] = t29; sum_3 += t29; }
                sum30 = sum_3;
            }
            c31 = (double)c5; t32 = sum30 / c31; t34 = t32 - c33; t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 = dsum37 * t35; dt35 = dsum37 * t25;
            dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            dsum30 = dt34 == 0.0 && double.IsInfinity(1.0 / c31) ? 0.0 : dt34 / c31;
            Array.Clear(dstates21);
            for (i26 = 0; i26 < c5; i26++)
            {
                c27 = i26 + 1; t29 = exps[c27];
                dx28 = dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
                dstates21[c27] += dx28;
            }
            dt24 = dt25 == 0.0 && double.IsInfinity(t25) ? 0.0 : dt25 * t25;
            dt22 = dt24 * c23;
            dr += -dt22;
            for (t7 = c5 - 1; t7 >= 0; t7--)
            {
                c15 = Math.Sqrt(c12); c18 = c17[i4, t7]; dt20 = dstates21[t7 + 1];
                dt16 = dt20 * c18; dsigma += dt16 * c15; dt11 = dt20 * c12; dr += dt11; dt10 = -dt11;
                dt9 = dt10 == 0.0 && double.IsInfinity(0.5) ? 0.0 : dt10 / 2.0;
                dsigma += dt9 * sigma; dsigma += dt9 * sigma;
                dstates21[t7] += dt20;
            }
            ds0 += dstates21[0] == 0.0 && double.IsInfinity(1.0 / s0) ? 0.0 : dstates21[0] / s0;
        }
        return (sum / c38, (ds0, dsigma, dr));
    }

    // A5: A4 with loop invariants hoisted out of both step loops and the path loop (drift, vol, √dt, log S0,
    // the discount), and the adjoints of the invariants (ā, b̄ of drift and vol) summed in the loops and mapped
    // to σ and r once after them.
    public static (double, (double, double, double)) A5(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
        var states21 = new double[c5 + 1]; var exps = new double[c5 + 1]; var dstates21 = new double[c5 + 1];
        double t6 = Math.Log(s0), t13 = (r - sigma * sigma / 2.0) * c12, c15 = Math.Sqrt(c12), t16 = sigma * c15, t25 = Math.Exp(-r * c23);
        double c31 = c5, c38 = c3, dsum37 = 1.0 / c38;
        double dx0 = 0, dt13 = 0, dt16 = 0, dt25 = 0, sum = 0;
        for (int i4 = 0; i4 < c3; i4++)
        {
            states21[0] = t6;
            for (int t7 = 0; t7 < c5; t7++) states21[t7 + 1] = states21[t7] + t13 + t16 * c17[i4, t7];
            double sum30 = 0;
            for (int i26 = 0; i26 < c5; i26++) { double t29 = Math.Exp(states21[i26 + 1]); exps[i26 + 1] = t29; sum30 += t29; }
            double t34 = sum30 / c31 - c33, t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 += dsum37 * t35;
            double dt35 = dsum37 * t25;
            double dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            double dsum30 = dt34 / c31;
            Array.Clear(dstates21);
            for (int i26 = 0; i26 < c5; i26++)
            {
                double t29 = exps[i26 + 1];
                dstates21[i26 + 1] += dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
            }
            for (int t7 = c5 - 1; t7 >= 0; t7--)
            {
                double dt20 = dstates21[t7 + 1];
                dt16 += dt20 * c17[i4, t7];
                dt13 += dt20;
                dstates21[t7] += dt20;
            }
            dx0 += dstates21[0];
        }
        double dt11 = dt13 * c12, dt9 = -dt11 / 2.0;
        double dr = -(dt25 * t25) * c23 + dt11;
        double dsigma = dt16 * c15 + 2 * dt9 * sigma;
        return (sum / c38, (dx0 / s0, dsigma, dr));
    }

    // A6: A5 where a path whose payoff adjoint is exactly zero (out of the money) skips its backward sweep.
    public static (double, (double, double, double)) A6(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
        var states21 = new double[c5 + 1]; var exps = new double[c5 + 1]; var dstates21 = new double[c5 + 1];
        double t6 = Math.Log(s0), t13 = (r - sigma * sigma / 2.0) * c12, c15 = Math.Sqrt(c12), t16 = sigma * c15, t25 = Math.Exp(-r * c23);
        double c31 = c5, c38 = c3, dsum37 = 1.0 / c38;
        double dx0 = 0, dt13 = 0, dt16 = 0, dt25 = 0, sum = 0;
        for (int i4 = 0; i4 < c3; i4++)
        {
            states21[0] = t6;
            for (int t7 = 0; t7 < c5; t7++) states21[t7 + 1] = states21[t7] + t13 + t16 * c17[i4, t7];
            double sum30 = 0;
            for (int i26 = 0; i26 < c5; i26++) { double t29 = Math.Exp(states21[i26 + 1]); exps[i26 + 1] = t29; sum30 += t29; }
            double t34 = sum30 / c31 - c33, t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 += dsum37 * t35;
            double dt35 = dsum37 * t25;
            double dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            if (dt34 == 0.0) continue;
            double dsum30 = dt34 / c31;
            Array.Clear(dstates21);
            for (int i26 = 0; i26 < c5; i26++)
            {
                double t29 = exps[i26 + 1];
                dstates21[i26 + 1] += dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
            }
            for (int t7 = c5 - 1; t7 >= 0; t7--)
            {
                double dt20 = dstates21[t7 + 1];
                dt16 += dt20 * c17[i4, t7];
                dt13 += dt20;
                dstates21[t7] += dt20;
            }
            dx0 += dstates21[0];
        }
        double dt11 = dt13 * c12, dt9 = -dt11 / 2.0;
        double dr = -(dt25 * t25) * c23 + dt11;
        double dsigma = dt16 * c15 + 2 * dt9 * sigma;
        return (sum / c38, (dx0 / s0, dsigma, dr));
    }

    // A7: A6 with the recurrences carried in locals: the forward scan's state and the backward adjoint chain are
    // still stored to arrays, but each step reads its predecessor from a register, not from the array just written.
    public static (double, (double, double, double)) A7(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
        var states21 = new double[c5 + 1]; var exps = new double[c5 + 1]; var dstates21 = new double[c5 + 1];
        double t6 = Math.Log(s0), t13 = (r - sigma * sigma / 2.0) * c12, c15 = Math.Sqrt(c12), t16 = sigma * c15, t25 = Math.Exp(-r * c23);
        double c31 = c5, c38 = c3, dsum37 = 1.0 / c38;
        double dx0 = 0, dt13 = 0, dt16 = 0, dt25 = 0, sum = 0;
        for (int i4 = 0; i4 < c3; i4++)
        {
            double state = t6;
            states21[0] = state;
            for (int t7 = 0; t7 < c5; t7++) { state = state + t13 + t16 * c17[i4, t7]; states21[t7 + 1] = state; }
            double sum30 = 0;
            for (int i26 = 0; i26 < c5; i26++) { double t29 = Math.Exp(states21[i26 + 1]); exps[i26 + 1] = t29; sum30 += t29; }
            double t34 = sum30 / c31 - c33, t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 += dsum37 * t35;
            double dt35 = dsum37 * t25;
            double dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            if (dt34 == 0.0) continue;
            double dsum30 = dt34 / c31;
            Array.Clear(dstates21);
            for (int i26 = 0; i26 < c5; i26++)
            {
                double t29 = exps[i26 + 1];
                dstates21[i26 + 1] += dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29;
            }
            double carry = 0;
            for (int t7 = c5 - 1; t7 >= 0; t7--)
            {
                double dt20 = dstates21[t7 + 1] + carry;
                dt16 += dt20 * c17[i4, t7];
                dt13 += dt20;
                carry = dt20;
            }
            dx0 += dstates21[0] + carry;
        }
        double dt11 = dt13 * c12, dt9 = -dt11 / 2.0;
        double dr = -(dt25 * t25) * c23 + dt11;
        double dsigma = dt16 * c15 + 2 * dt9 * sigma;
        return (sum / c38, (dx0 / s0, dsigma, dr));
    }

    // A8: A7 with the loops fused: Exp taken in the scan's loop, the Σ's adjoint folded into the scan's reverse loop
    // (no adjoint array), i.e. the hand-written adjoint's structure.
    public static (double, (double, double, double)) A8(double s0, double sigma, double r, int c3, int c5, double c12, double[,] c17, double c23, double c33)
    {
        if (c5 < 0) throw new ArgumentOutOfRangeException("steps");
        var exps = new double[c5 + 1];
        double t6 = Math.Log(s0), t13 = (r - sigma * sigma / 2.0) * c12, c15 = Math.Sqrt(c12), t16 = sigma * c15, t25 = Math.Exp(-r * c23);
        double c31 = c5, c38 = c3, dsum37 = 1.0 / c38;
        double dx0 = 0, dt13 = 0, dt16 = 0, dt25 = 0, sum = 0;
        for (int i4 = 0; i4 < c3; i4++)
        {
            double state = t6, sum30 = 0;
            for (int t7 = 0; t7 < c5; t7++) { state = state + t13 + t16 * c17[i4, t7]; double e = Math.Exp(state); exps[t7 + 1] = e; sum30 += e; }
            double t34 = sum30 / c31 - c33, t35 = Math.Max(t34, 0.0);
            sum += t25 * t35;
            dt25 += dsum37 * t35;
            double dt35 = dsum37 * t25;
            double dt34 = t34 > 0.0 ? dt35 : t34 < 0.0 ? 0.0 : t34 == 0.0 ? 0.5 * dt35 : double.NaN;
            if (dt34 == 0.0) continue;
            double dsum30 = dt34 / c31;
            double carry = 0;
            for (int t7 = c5 - 1; t7 >= 0; t7--)
            {
                double t29 = exps[t7 + 1];
                double dt20 = (dsum30 == 0.0 && double.IsInfinity(t29) ? 0.0 : dsum30 * t29) + carry;
                dt16 += dt20 * c17[i4, t7];
                dt13 += dt20;
                carry = dt20;
            }
            dx0 += carry;
        }
        double dt11 = dt13 * c12, dt9 = -dt11 / 2.0;
        double dr = -(dt25 * t25) * c23 + dt11;
        double dsigma = dt16 * c15 + 2 * dt9 * sigma;
        return (sum / c38, (dx0 / s0, dsigma, dr));
    }
}
