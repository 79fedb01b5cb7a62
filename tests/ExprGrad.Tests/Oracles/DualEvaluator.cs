using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad.Tests.Oracles;

/// <summary>The gradient computed by <see cref="DualEvaluator"/>.</summary>
/// <param name="Value">The function's value.</param>
/// <param name="Gradient">One partial derivative per input coordinate.</param>
/// <param name="KinkDistance">
/// Per coordinate, an estimate of how far that coordinate may move before some kink or branch switch
/// is crossed (a comparison flips, Abs/Relu/Max/Min/Clamp changes piece, a rounding jumps): the
/// smallest |s| / |s'| over the switching quantities s met on the way. Finite differences are only
/// meaningful where this is well above their step.
/// </param>
/// <param name="FiniteThroughout">
/// Whether every value and tangent computed on the way was finite. When an intermediate overflows, a
/// branch or Clamp/Max/Min may still hide it from the result, while this oracle's tangents (unlike the
/// engine's guarded contributions) meet 0·∞ = NaN on the way; such cases say nothing about derivative rules.
/// </param>
public sealed record DualGradient(double Value, double[] Gradient, double[] KinkDistance, bool FiniteThroughout);

/// <summary>
/// The second, independent oracle: interprets an expression tree directly over <see cref="Dual"/>
/// numbers, one forward pass per input coordinate. It never calls ExprGrad's engine; it only knows
/// System.Math, the scalar <c>ExprGrad.Ops.Sigmoid</c>/<c>Relu</c> and the special functions (<see cref="SpecialDuals"/>) by name.
/// Accepted lambdas: a single <c>double[]</c> parameter read as <c>x[i]</c>, or any number of
/// <c>double</c> parameters. Nodes: constants, parameters, arithmetic, comparisons, &amp;&amp; || !,
/// conditionals, negation, conversions, array indexing and calls to those methods.
/// </summary>
public sealed class DualEvaluator
{
    private readonly Dictionary<ParameterExpression, Dual> _scalars = [];
    private readonly Dictionary<ParameterExpression, Dual[]> _arrays = [];
    private double _kinkDistance = double.PositiveInfinity;
    private bool _finite = true;

    private DualEvaluator() { }

    /// <summary>The value and gradient of <paramref name="f"/> at <paramref name="point"/>.</summary>
    /// <param name="f">A lambda over one <c>double[]</c> or over <c>double</c> parameters only.</param>
    /// <param name="point">The array argument, or the scalar arguments in parameter order.</param>
    public static DualGradient Gradient(LambdaExpression f, double[] point)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(point);
        var gradient = new double[point.Length];
        var distance = new double[point.Length];
        double value = point.Length == 0 ? Evaluate(f, point) : double.NaN;
        bool finite = true;
        for (int i = 0; i < point.Length; i++)
        {
            var (pass, kink, passFinite) = Run(f, point, i);
            if (i == 0) value = pass.Value;
            gradient[i] = pass.Tangent;
            distance[i] = kink;
            finite &= passFinite;
        }
        return new DualGradient(value, gradient, distance, finite);
    }

    /// <summary>The value of <paramref name="f"/> at <paramref name="point"/>, by the same interpreter.</summary>
    public static double Evaluate(LambdaExpression f, double[] point) => Run(f, point, -1).Value.Value;

    private static (Dual Value, double KinkDistance, bool Finite) Run(LambdaExpression f, double[] point, int seed)
    {
        var evaluator = new DualEvaluator();
        Dual Input(int i) => new(point[i], i == seed ? 1 : 0);
        if (f.Parameters is [{ Type: var t } array] && t == typeof(double[]))
            evaluator._arrays[array] = [.. Enumerable.Range(0, point.Length).Select(Input)];
        else if (f.Parameters.All(p => p.Type == typeof(double)) && f.Parameters.Count == point.Length)
            for (int i = 0; i < point.Length; i++) evaluator._scalars[f.Parameters[i]] = Input(i);
        else
            throw new ArgumentException($"Expected one double[] parameter or {point.Length} double parameters: {f}", nameof(f));
        var result = evaluator.Number(f.Body);
        return (result, evaluator._kinkDistance, evaluator._finite);
    }

    /// <summary>Records a quantity whose sign change is a kink or a branch switch.</summary>
    private void Switch(Dual s)
    {
        double d = s.Tangent == 0 ? double.PositiveInfinity : Math.Abs(s.Value / s.Tangent);
        // A NaN distance means the point itself is ill-defined: report it as on the kink.
        _kinkDistance = Math.Min(_kinkDistance, double.IsNaN(d) ? 0 : d);
    }

    /// <summary>Rounding functions jump where x crosses an integer (or a half-integer for Round).</summary>
    private void Jumps(Dual x, double offset, double scale = 1)
    {
        double u = x.Value * scale - offset;
        Switch(new Dual((u - Math.Round(u)) / scale, x.Tangent));
    }

    private Dual Number(Expression e)
    {
        var d = Interpret(e);
        _finite &= double.IsFinite(d.Value) && double.IsFinite(d.Tangent);
        return d;
    }

    private Dual Interpret(Expression e) => e switch
    {
        ConstantExpression c => Dual.Constant(Convert.ToDouble(c.Value)),
        ParameterExpression p when _scalars.TryGetValue(p, out var d) => d,
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } b => Element(b.Left, b.Right),
        IndexExpression { Object: { } array, Arguments: [var index] } => Element(array, index),
        BinaryExpression b => Arithmetic(b),
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.NegateChecked } u => -Number(u.Operand),
        UnaryExpression { NodeType: ExpressionType.UnaryPlus } u => Number(u.Operand),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u => Conversion(u),
        ConditionalExpression c => Dual.If(Boolean(c.Test), Number(c.IfTrue), Number(c.IfFalse)),
        MethodCallExpression call => Call(call),
        _ => throw Unsupported(e),
    };

    private Dual Element(Expression array, Expression index)
    {
        if (array is not ParameterExpression p || !_arrays.TryGetValue(p, out var values)) throw Unsupported(array);
        return values[(int)Number(index).Value];
    }

    private Dual Arithmetic(BinaryExpression b)
    {
        Dual l = Number(b.Left), r = Number(b.Right);
        switch (b.NodeType)
        {
            case ExpressionType.Add or ExpressionType.AddChecked: return l + r;
            case ExpressionType.Subtract or ExpressionType.SubtractChecked: return l - r;
            case ExpressionType.Multiply or ExpressionType.MultiplyChecked: return l * r;
            case ExpressionType.Divide: return l / r;
            case ExpressionType.Modulo:
                Jumps(l / r, 0);
                return l % r;
            default: throw Unsupported(b);
        }
    }

    private Dual Conversion(UnaryExpression u)
    {
        var operand = Number(u.Operand);
        var target = Nullable.GetUnderlyingType(u.Type) ?? u.Type;
        if (target == typeof(double)) return operand;
        if (target == typeof(float)) return new Dual((float)operand.Value, operand.Tangent);
        if (target == typeof(int) || target == typeof(long))
        {
            // Integer-typed values carry no gradient; truncation jumps at every integer.
            Jumps(operand, 0);
            return Dual.Constant(target == typeof(int) ? (int)operand.Value : (long)operand.Value);
        }
        throw Unsupported(u);
    }

    private bool Boolean(Expression e)
    {
        switch (e)
        {
            case ConstantExpression { Value: bool constant }: return constant;
            case UnaryExpression { NodeType: ExpressionType.Not } u: return !Boolean(u.Operand);
            case ConditionalExpression c: return Boolean(c.Test) ? Boolean(c.IfTrue) : Boolean(c.IfFalse);
            case BinaryExpression { NodeType: ExpressionType.AndAlso } b: return Boolean(b.Left) && Boolean(b.Right);
            case BinaryExpression { NodeType: ExpressionType.OrElse } b: return Boolean(b.Left) || Boolean(b.Right);
            case BinaryExpression { NodeType: ExpressionType.And } b: return Boolean(b.Left) & Boolean(b.Right);
            case BinaryExpression { NodeType: ExpressionType.Or } b: return Boolean(b.Left) | Boolean(b.Right);
            case BinaryExpression b when b.Left.Type == typeof(bool) && b.NodeType is ExpressionType.Equal or ExpressionType.NotEqual:
                return (Boolean(b.Left) == Boolean(b.Right)) == (b.NodeType == ExpressionType.Equal);
            case BinaryExpression b:
                Dual l = Number(b.Left), r = Number(b.Right);
                Switch(l - r);
                return b.NodeType switch
                {
                    ExpressionType.LessThan => l.Value < r.Value,
                    ExpressionType.LessThanOrEqual => l.Value <= r.Value,
                    ExpressionType.GreaterThan => l.Value > r.Value,
                    ExpressionType.GreaterThanOrEqual => l.Value >= r.Value,
                    ExpressionType.Equal => l.Value == r.Value,
                    ExpressionType.NotEqual => l.Value != r.Value,
                    _ => throw Unsupported(b),
                };
            default: throw Unsupported(e);
        }
    }

    private Dual Call(MethodCallExpression call)
    {
        MethodInfo m = call.Method;
        bool fromOps = m.DeclaringType?.FullName == "ExprGrad.Ops";
        if (m.DeclaringType != typeof(Math) && !fromOps) throw Unsupported(call);
        if (m.Name == "Round" && call.Arguments is [var rounded, { Type: var digitsType } digits] && digitsType == typeof(int))
        {
            var x = Number(rounded);
            int d = (int)Number(digits).Value;
            Jumps(x, 0.5, Math.Pow(10, d));
            return Dual.Round(x, d);
        }
        if (m.GetParameters().Any(p => p.ParameterType != typeof(double))) throw Unsupported(call);
        var a = call.Arguments.Select(Number).ToArray();
        return ((fromOps ? "Ops." : "Math.") + m.Name) switch
        {
            "Ops.Sigmoid" => Dual.Sigmoid(a[0]),
            "Ops.Relu" => Kink(a[0], Dual.Relu(a[0])),
            "Math.Exp" => Dual.Exp(a[0]),
            "Math.Log" when a.Length == 2 => Dual.Log(a[0], a[1]),
            "Math.Log" => Dual.Log(a[0]),
            "Math.Log10" => Dual.Log10(a[0]),
            "Math.Log2" => Dual.Log2(a[0]),
            "Math.Sqrt" => Dual.Sqrt(a[0]),
            "Math.Cbrt" => Dual.Cbrt(a[0]),
            "Math.Pow" => Dual.Pow(a[0], a[1]),
            "Math.Sin" => Dual.Sin(a[0]),
            "Math.Cos" => Dual.Cos(a[0]),
            "Math.Tan" => Dual.Tan(a[0]),
            "Math.Asin" => Dual.Asin(a[0]),
            "Math.Acos" => Dual.Acos(a[0]),
            "Math.Atan" => Dual.Atan(a[0]),
            // The angle jumps by 2π across the negative b axis.
            "Math.Atan2" => a[1].Value < 0 ? Kink(a[0], Dual.Atan2(a[0], a[1])) : Dual.Atan2(a[0], a[1]),
            "Math.Sinh" => Dual.Sinh(a[0]),
            "Math.Cosh" => Dual.Cosh(a[0]),
            "Math.Tanh" => Dual.Tanh(a[0]),
            "Math.Asinh" => Dual.Asinh(a[0]),
            "Math.Acosh" => Dual.Acosh(a[0]),
            "Math.Atanh" => Dual.Atanh(a[0]),
            "Math.Abs" => Kink(a[0], Dual.Abs(a[0])),
            "Math.Max" => Kink(a[0] - a[1], Dual.Max(a[0], a[1])),
            "Math.Min" => Kink(a[0] - a[1], Dual.Min(a[0], a[1])),
            "Math.Clamp" => Kink(a[0] - a[2], Kink(a[0] - a[1], Dual.Clamp(a[0], a[1], a[2]))),
            "Math.FusedMultiplyAdd" => Dual.FusedMultiplyAdd(a[0], a[1], a[2]),
            "Math.Floor" => Jump(a[0], 0, Dual.Floor(a[0])),
            "Math.Ceiling" => Jump(a[0], 0, Dual.Ceiling(a[0])),
            "Math.Truncate" => Jump(a[0], 0, Dual.Truncate(a[0])),
            "Math.Round" => Jump(a[0], 0.5, Dual.Round(a[0])),
            "Math.Sign" => Kink(a[0], Dual.Constant(Math.Sign(a[0].Value))),
            "Ops.LogGamma" => SpecialDuals.LogGamma(a[0]),
            "Ops.Digamma" => SpecialDuals.Digamma(a[0]),
            "Ops.Trigamma" => SpecialDuals.Trigamma(a[0]),
            "Ops.Erf" => SpecialDuals.Erf(a[0]),
            "Ops.Erfc" => SpecialDuals.Erfc(a[0]),
            "Ops.NormalCdf" => SpecialDuals.NormalCdf(a[0]),
            "Ops.LogNormalCdf" => SpecialDuals.LogNormalCdf(a[0]),
            "Ops.Log1pExp" => SpecialDuals.Log1pExp(a[0]),
            "Ops.Log1mExp" => SpecialDuals.Log1mExp(a[0]),
            "Ops.Logit" => SpecialDuals.Logit(a[0]),
            "Ops.InvLogit" => SpecialDuals.InvLogit(a[0]),
            "Ops.LogBeta" => SpecialDuals.LogBeta(a[0], a[1]),
            "Ops.LogSumExp" => SpecialDuals.LogSumExp(a[0], a[1]),
            _ => throw Unsupported(call),
        };
    }

    private Dual Kink(Dual switching, Dual result)
    {
        Switch(switching);
        return result;
    }

    private Dual Jump(Dual x, double offset, Dual result)
    {
        Jumps(x, offset);
        return result;
    }

    private static NotSupportedException Unsupported(Expression e) =>
        new($"DualEvaluator does not interpret {e.NodeType} ({e.Type.Name}): {e}");
}
