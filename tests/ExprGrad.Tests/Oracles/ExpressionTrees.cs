using System.Linq.Expressions;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// FsCheck generators of random, size-bounded scalar expression trees over the coordinates x[0..k) of
/// one <c>double[] x</c>, covering every scalar node kind ExprGrad differentiates.
/// <para>Domains are respected by construction, not by filtering: a function with a restricted domain
/// only ever receives an argument built to lie inside it (Log of a·a + 0.1, Asin of 0.9·tanh a, Pow of
/// a positive base…), with a margin so derivatives stay moderate. Kinks and branch switches are not
/// avoided here, since that would need the evaluation point; instead <see cref="DualEvaluator"/> reports
/// each coordinate's distance to the nearest kink, and properties that use finite differences discard
/// points closer than <see cref="FiniteDifferences.KinkClearance"/> (see <see cref="GradientCase"/>).
/// Overflow is likewise left to that filter, which also bounds value and gradient.</para>
/// </summary>
public static class ExpressionTrees
{
    /// <summary>The most scalar inputs a generated tree reads.</summary>
    public const int MaxArity = 4;

    /// <summary>The deepest nesting of generated operations (not counting domain guards).</summary>
    public const int MaxDepth = 4;

    private static readonly MethodInfo Sigmoid = typeof(Ops).GetMethod(nameof(Ops.Sigmoid), [typeof(double)])!;
    private static readonly MethodInfo Relu = typeof(Ops).GetMethod(nameof(Ops.Relu), [typeof(double)])!;
    private static readonly Gen<Expression<Func<double[], double>>>[] ByArity =
        [.. Enumerable.Range(1, MaxArity).Select(k => new Builder(k).Trees())];

    /// <summary>Trees over <paramref name="arity"/> coordinates; depth grows with FsCheck's size, up to <see cref="MaxDepth"/>.</summary>
    public static Gen<Expression<Func<double[], double>>> Trees(int arity) => ByArity[arity - 1];

    /// <summary>Evaluation points: each coordinate uniform in [−3, 3] on a 1e-5 grid.</summary>
    public static Gen<double[]> Points(int arity) => Gen.ArrayOf(Gen.Choose(-300_000, 300_000).Select(i => i / 1e5), arity);

    /// <summary>The same function with one <c>double</c> parameter per coordinate, named x0, x1, ….</summary>
    public static LambdaExpression ToScalarParameters(Expression<Func<double[], double>> tree, int arity)
    {
        var scalars = Enumerable.Range(0, arity).Select(i => Parameter(typeof(double), $"x{i}")).ToArray();
        return Lambda(new CoordinatesToParameters(tree.Parameters[0], scalars).Visit(tree.Body), scalars);
    }

    /// <summary>The method a call node invokes, in the form used to check coverage, e.g. "Math.Pow".</summary>
    public static string MethodName(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    private static bool ReadsACoordinate(Expression body)
    {
        var finder = new CoordinateFinder();
        finder.Visit(body);
        return finder.Found;
    }

    private sealed class CoordinateFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            Found |= node.NodeType == ExpressionType.ArrayIndex;
            return base.VisitBinary(node);
        }
    }

    private sealed class CoordinatesToParameters(ParameterExpression array, ParameterExpression[] scalars) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node) =>
            node is { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int i } } && node.Left == array
                ? scalars[i]
                : base.VisitBinary(node);
    }

    /// <summary>Builds one generator per depth, bottom up, so generators are shared rather than rebuilt per node.</summary>
    private sealed class Builder(int arity)
    {
        private readonly ParameterExpression _x = Parameter(typeof(double[]), "x");

        public Gen<Expression<Func<double[], double>>> Trees()
        {
            var levels = new Gen<Expression>[MaxDepth + 1];
            levels[0] = Leaf();
            for (int d = 1; d <= MaxDepth; d++) levels[d] = Level(levels[d - 1]);
            // A tree that reads no coordinate has an all-zero gradient and tests next to nothing.
            return Gen.Sized(size => levels[Math.Clamp(1 + size / 20, 1, MaxDepth)])
                .Where(ReadsACoordinate)
                .Select(body => Lambda<Func<double[], double>>(body, _x));
        }

        private Gen<Expression> Leaf() => Gen.Frequency(
            (3, Gen.Choose(0, arity - 1).Select(i => (Expression)ArrayIndex(_x, Constant(i)))),
            (1, Gen.Choose(-250, 250).Select(c => (Expression)Constant(c / 100.0))));

        private Gen<Expression> Level(Gen<Expression> s)
        {
            var positive = Positive(s);
            var unit = Unit(s);
            return Gen.Frequency(
                (2, Leaf()),
                (6, Binary(s, s, Add, Subtract, Multiply)),
                (2, Binary(s, Gen.OneOf(positive, positive.Select(p => (Expression)Negate(p))), Divide)),
                (1, s.Select(a => (Expression)Negate(a))),
                (1, Gen.Zip(s, Gen.Elements(0.75, 1.5, 2.5), (a, m) => (Expression)Modulo(a, Constant(m)))),
                (12, Gen.OneOf(
                    Unary(s, Math.Exp), Unary(positive, Math.Log), Unary(positive, Math.Log10), Unary(positive, Math.Log2),
                    Unary(positive, Math.Sqrt), Unary(Gen.OneOf(positive, positive.Select(p => (Expression)Negate(p))), Math.Cbrt),
                    Unary(s, Math.Sin), Unary(s, Math.Cos), Unary(s.Select(a => Scaled(Call(Fn(Math.Tanh), a), 1.4)), Math.Tan),
                    Unary(unit, Math.Asin), Unary(unit, Math.Acos), Unary(s, Math.Atan),
                    Unary(s, Math.Sinh), Unary(s, Math.Cosh), Unary(s, Math.Tanh), Unary(s, Math.Asinh),
                    Unary(positive.Select(p => (Expression)Add(p, Constant(1.05))), Math.Acosh), Unary(unit, Math.Atanh),
                    Unary(s, Math.Abs))),
                (8, Gen.OneOf(
                    Call2(s, s, Math.Max), Call2(s, s, Math.Min),
                    Call2(s, positive, Math.Atan2), Call2(positive, s, Math.Atan2),
                    Call2(positive, Exponent(s), Math.Pow),
                    Call2(s, Gen.Elements(2.0, 3.0).Select(n => (Expression)Constant(n)), Math.Pow),
                    Call2(positive, LogBase(positive), Math.Log),
                    Gen.Zip(Gen.Zip(s, s), s, (ab, c) => (Expression)Call(Fn<double, double, double, double>(Math.FusedMultiplyAdd), ab.Item1, ab.Item2, c)),
                    Gen.Zip(Gen.Zip(s, s), s, (vl, h) => (Expression)Call(Fn<double, double, double, double>(Math.Clamp),
                        vl.Item1, vl.Item2, Add(vl.Item2, Add(Constant(1.0), Multiply(h, h))))))),
                (2, Gen.OneOf(s.Select(a => (Expression)Call(Sigmoid, a)), s.Select(a => (Expression)Call(Relu, a)))),
                (3, Special(s, positive, unit)),
                (2, Gen.OneOf(
                    Unary(s, Math.Floor), Unary(s, Math.Ceiling), Unary(s, Math.Round), Unary(s, Math.Truncate),
                    s.Select(a => (Expression)Call(typeof(Math).GetMethod(nameof(Math.Round), [typeof(double), typeof(int)])!, a, Constant(1))),
                    s.Select(a => (Expression)Expression.Convert(Call(typeof(Math).GetMethod(nameof(Math.Sign), [typeof(double)])!, a), typeof(double))),
                    s.Select(a => (Expression)Expression.Convert(Expression.Convert(a, typeof(int)), typeof(double))))),
                (4, Gen.Zip(Gen.Zip(Conditions(s), s), s, (ct, f) => (Expression)Condition(ct.Item1, ct.Item2, f))));
        }

        /// <summary>The special functions (Ops), each on an argument inside its domain: the Γ family on a positive one,
        /// LogBeta on two in [0.5, 10.5] (so ψ(a) − ψ(a + b), which the dual numbers difference plainly, keeps its digits), Log1mExp on a negative one, Logit on one in [0.05, 0.95].</summary>
        private static Gen<Expression> Special(Gen<Expression> s, Gen<Expression> positive, Gen<Expression> unit)
        {
            Gen<Expression> Of(Gen<Expression> argument, string name) =>
                argument.Select(a => (Expression)Call(typeof(Ops).GetMethod(name, [typeof(double)])!, a));
            Gen<Expression> Of2(Gen<Expression> argument, string name) =>
                Gen.Zip(argument, argument, (a, b) => (Expression)Call(typeof(Ops).GetMethod(name, [typeof(double), typeof(double)])!, a, b));
            return Gen.OneOf(
                Of(positive, nameof(Ops.LogGamma)), Of(positive, nameof(Ops.Digamma)), Of(positive, nameof(Ops.Trigamma)),
                Of2(s.Select(a => (Expression)Add(Scaled(Call(Sigmoid, a), 10), Constant(0.5))), nameof(Ops.LogBeta)), Of(s, nameof(Ops.Erf)), Of(s, nameof(Ops.Erfc)), Of(s, nameof(Ops.NormalCdf)),
                Of(s, nameof(Ops.LogNormalCdf)), Of(s, nameof(Ops.Log1pExp)), Of(positive.Select(p => (Expression)Negate(p)), nameof(Ops.Log1mExp)),
                Of(unit.Select(u => (Expression)Add(Scaled(u, 0.5), Constant(0.5))), nameof(Ops.Logit)), Of(s, nameof(Ops.InvLogit)),
                Of2(s, nameof(Ops.LogSumExp)));
        }

        /// <summary>Strictly positive, at least 0.1: a safe argument for Log, Sqrt, a Pow base or a divisor.</summary>
        private static Gen<Expression> Positive(Gen<Expression> s) => Gen.Frequency(
            (2, s.Select(a => (Expression)Add(Multiply(a, a), Constant(0.1)))),
            (2, s.Select(a => (Expression)Call(Fn(Math.Exp), a))),
            (2, s.Select(a => (Expression)Add(Call(Sigmoid, a), Constant(0.2)))),
            (2, s.Select(a => (Expression)Add(Call(Fn(Math.Abs), a), Constant(0.3)))),
            (1, Gen.Choose(10, 300).Select(c => (Expression)Constant(c / 100.0))));

        /// <summary>Within [−0.9, 0.9]: keeps Asin, Acos and Atanh (and their derivatives) finite.</summary>
        private static Gen<Expression> Unit(Gen<Expression> s) => Gen.OneOf(
            s.Select(a => Scaled(Call(Fn(Math.Tanh), a), 0.9)),
            s.Select(a => Scaled(Call(Fn(Math.Sin), a), 0.9)),
            s.Select(a => (Expression)Subtract(Scaled(Call(Sigmoid, a), 1.8), Constant(0.9))));

        private static Gen<Expression> Exponent(Gen<Expression> s) => Gen.OneOf(
            Gen.Elements(-1.5, -1.0, -0.5, 0.5, 1.5, 2.0, 2.5).Select(e => (Expression)Constant(e)),
            s.Select(a => Scaled(Call(Fn(Math.Tanh), a), 2)));

        /// <summary>A logarithm base kept away from 1, where log_b blows up.</summary>
        private static Gen<Expression> LogBase(Gen<Expression> positive) => Gen.OneOf(
            Gen.Elements(0.5, 2.0, 3.0, 10.0).Select(b => (Expression)Constant(b)),
            positive.Select(p => (Expression)Add(p, Constant(1.5))));

        private static Gen<Expression> Conditions(Gen<Expression> s)
        {
            var comparison = Gen.Zip(Gen.Zip(s, s), Gen.Frequency(
                    (2, Gen.Constant(ExpressionType.LessThan)), (2, Gen.Constant(ExpressionType.GreaterThan)),
                    (1, Gen.Constant(ExpressionType.LessThanOrEqual)), (1, Gen.Constant(ExpressionType.GreaterThanOrEqual)),
                    (1, Gen.Constant(ExpressionType.Equal)), (1, Gen.Constant(ExpressionType.NotEqual))),
                (ab, op) => (Expression)MakeBinary(op, ab.Item1, ab.Item2));
            return Gen.Frequency(
                (4, comparison),
                (1, Gen.Zip(comparison, comparison, (a, b) => (Expression)AndAlso(a, b))),
                (1, Gen.Zip(comparison, comparison, (a, b) => (Expression)OrElse(a, b))),
                (1, comparison.Select(c => (Expression)Not(c))),
                (1, Gen.Zip(comparison, comparison, (a, b) => (Expression)Not(OrElse(a, b)))));
        }

        private static Gen<Expression> Binary(Gen<Expression> left, Gen<Expression> right, params Func<Expression, Expression, BinaryExpression>[] ops) =>
            Gen.Zip(Gen.Zip(left, right), Gen.Elements(ops), (lr, op) => (Expression)op(lr.Item1, lr.Item2));

        private static Gen<Expression> Unary(Gen<Expression> argument, Func<double, double> f) =>
            argument.Select(a => (Expression)Call(Fn(f), a));

        private static Gen<Expression> Call2(Gen<Expression> a, Gen<Expression> b, Func<double, double, double> f) =>
            Gen.Zip(a, b, (l, r) => (Expression)Call(f.Method, l, r));

        private static Expression Scaled(Expression e, double factor) => Multiply(e, Constant(factor));

        private static MethodInfo Fn(Func<double, double> f) => f.Method;

        private static MethodInfo Fn<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> f) => f.Method;
    }
}
