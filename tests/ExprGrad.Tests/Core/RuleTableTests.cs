using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Core;

/// <summary>Walks the whole rule table: every differentiable scalar primitive against central
/// differences at FsCheck-generated points of its own domain, every non-differentiable one to zero.</summary>
public class RuleTableTests
{
    /// <summary>Where each primitive is smooth; the default is [-3, 3] in every argument.</summary>
    private static readonly Dictionary<string, (double Lo, double Hi)[]> Domains = new()
    {
        ["Math.Log"] = [(0.05, 20)],
        ["Math.Log/base"] = [(0.05, 20), (1.5, 10)],
        ["Math.Log10"] = [(0.05, 20)],
        ["Math.Log2"] = [(0.05, 20)],
        ["Math.Sqrt"] = [(0.05, 20)],
        ["Math.Cbrt"] = [(0.05, 20)],
        ["Math.Asin"] = [(-0.95, 0.95)],
        ["Math.Acos"] = [(-0.95, 0.95)],
        ["Math.Atanh"] = [(-0.95, 0.95)],
        ["Math.Acosh"] = [(1.05, 20)],
        ["Math.Tan"] = [(-1.4, 1.4)],
        ["Math.Pow"] = [(0.05, 5), (-3, 3)],
        ["Math.Atan2"] = [(-3, 3), (0.2, 3)],
        ["Math.Clamp"] = [(-3, 3), (-2, -0.5), (0.5, 2)],
        ["Divide"] = [(-3, 3), (0.2, 3)],
        ["Modulo"] = [(-10, 10), (0.7, 3)],
        ["Ops.LogGamma"] = [(0.1, 20)],
        ["Ops.Digamma"] = [(0.1, 20)],
        ["Ops.Trigamma"] = [(0.1, 20)],
        ["Ops.Polygamma/0"] = [(0.3, 20)],
        ["Ops.Polygamma/1"] = [(0.3, 20)],
        ["Ops.Polygamma/3"] = [(0.3, 20)],
        ["Ops.LogBeta"] = [(0.1, 10), (0.1, 10)],
        ["Ops.DigammaDifference"] = [(0.1, 20), (0.1, 20)],
        ["Ops.Logit"] = [(0.02, 0.98)],
        ["Ops.Log1mExp"] = [(-5, -0.05)],
        ["Ops.LogNormalCdf"] = [(-30, 6)],
        ["Ops.LogNormalCdfDerivative"] = [(-30, 6)],
        ["Ops.Log1pExp"] = [(-30, 30)],
        ["Ops.LogSumExp"] = [(-30, 30), (-30, 30)],
        ["Double.LogP1"] = [(-0.9, 20)],
        ["Double.Log2P1"] = [(-0.9, 20)],
        ["Double.Log10P1"] = [(-0.9, 20)],
    };

    /// <summary>Points within this distance of a kink are not compared: the derivative jumps there.</summary>
    private static bool AwayFromKinks(string rule, double[] x) => rule switch
    {
        "Math.Abs" or "Ops.Relu" => Math.Abs(x[0]) > 1e-2,
        "Math.Max" or "Math.Min" => Math.Abs(x[0] - x[1]) > 1e-2,
        "Double.Hypot" => double.Hypot(x[0], x[1]) > 1e-2,
        "Math.Clamp" => Math.Abs(x[0] - x[1]) > 1e-2 && Math.Abs(x[0] - x[2]) > 1e-2,
        "Modulo" => Math.Abs(x[0] / x[1] - Math.Round(x[0] / x[1])) > 1e-2,
        _ => true,
    };

    public static TheoryData<string> ScalarRules() => [.. ScalarPrimitives().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(ScalarRules))]
    public void RuleMatchesCentralDifferences(string name)
    {
        var (_, lambda, rule) = ScalarPrimitives().Single(p => p.Name == name);
        var f = (Func<double[], double>)Wrap(lambda).Compile();
        var grad = (Func<double[], double[]>)Grad.GradientExpression(Wrap(lambda)).Compile();
        var domain = Domains.GetValueOrDefault(name) ?? [.. Enumerable.Repeat((-3.0, 3.0), lambda.Parameters.Count)];
        var points = Gen.CollectToArray(domain.Select(d => Gen.Choose(0, 1_000_000).Select(k => d.Lo + (d.Hi - d.Lo) * k / 1e6)))
            .Where(x => AwayFromKinks(name, x));

        Prop.ForAll(points.ToArbitrary(), x =>
        {
            var expected = rule.IsNonDifferentiable ? new double[x.Length] : CentralDifferences.Gradient(f, x);
            CentralDifferences.AssertClose(expected, grad(x), $"{name} at [{string.Join(", ", x)}]", relTol: 1e-6, absTol: 1e-6);
        }).Check(Checks.Seeded(name.Length * 7919 + name[^1], maxTest: 200));
    }

    /// <summary>Second order: the Hessian (forward mode over the gradient program, so every rule's own
    /// derivative expression is differentiated again) against central differences of the gradient.</summary>
    [Theory]
    [MemberData(nameof(ScalarRules))]
    public void RuleSecondDerivativesMatchCentralDifferencesOfTheGradient(string name)
    {
        var (_, lambda, rule) = ScalarPrimitives().Single(p => p.Name == name);
        var grad = (Func<double[], double[]>)Grad.GradientExpression(Wrap(lambda)).Compile();
        var hessian = Grad.Hessian(Wrap(lambda));
        var domain = Domains.GetValueOrDefault(name) ?? [.. Enumerable.Repeat((-3.0, 3.0), lambda.Parameters.Count)];
        var points = Gen.CollectToArray(domain.Select(d => Gen.Choose(0, 1_000_000).Select(k => d.Lo + (d.Hi - d.Lo) * k / 1e6)))
            .Where(x => AwayFromKinks(name, x));
        Prop.ForAll(points.ToArbitrary(), x =>
        {
            var h = hessian(x);
            for (int j = 0; j < x.Length; j++)
            {
                int col = j;
                var expected = Enumerable.Range(0, x.Length).Select(i => CentralDifferences.Derivative(t =>
                {
                    var y = (double[])x.Clone();
                    y[col] = t;
                    return grad(y)[i];
                }, x[col])).ToArray();
                var actual = Enumerable.Range(0, x.Length).Select(i => h[i, col]).ToArray();
                CentralDifferences.AssertClose(expected, actual, $"{name} second derivatives, column {col} at [{string.Join(", ", x)}]", 1e-5, 1e-5);
            }
        }).Check(Checks.Seeded(name.Length * 104729 + name[0], maxTest: 60));
    }

    [Fact]
    public void EveryScalarRuleIsWalked()
    {
        var names = ScalarPrimitives().Select(p => p.Name).ToHashSet();
        foreach (var expected in new[] { "Math.Exp", "Math.Log", "Math.Pow", "Math.Atan2", "Math.Clamp", "Math.FusedMultiplyAdd", "Ops.Polygamma/3",
                     "Ops.Sigmoid", "Ops.Relu", "Math.Floor", "Math.Round", "Add", "Multiply", "Negate", "Modulo" })
            Assert.Contains(expected, names);
    }


    /// <summary>The primitive applied to the elements of one array, so one gradient call covers every argument.</summary>
    private static Expression<Func<double[], double>> Wrap(LambdaExpression primitive)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        var map = primitive.Parameters.Select((p, i) => (p, (Expression)Expression.ArrayIndex(x, Expression.Constant(i))))
            .ToDictionary(t => t.p, t => t.Item2);
        var body = new Substitute(map).Visit(primitive.Body)!;
        return Expression.Lambda<Func<double[], double>>(body, x);
    }

    private static IEnumerable<(string Name, LambdaExpression Lambda, Rule Rule)> ScalarPrimitives()
    {
        foreach (var (key, rule) in RuleTable.All)
        {
            if (Sample(key) is { } lambda && lambda.Parameters.All(p => p.Type == typeof(double)))
                yield return (lambda.Parameters.Count > 1 && rule.Name.StartsWith("Math.Log") ? rule.Name + "/base" : rule.Name, lambda, rule);
            // An order, like Polygamma's n, is data: the rule is walked at a few fixed orders.
            else if (key.Method is { } m && m.ReturnType == typeof(double) && m.GetParameters() is [{ ParameterType: var first }, .. var rest]
                     && first == typeof(int) && rest.All(p => p.ParameterType == typeof(double)))
                foreach (var order in new[] { 0, 1, 3 })
                {
                    var ps = rest.Select(p => Expression.Parameter(typeof(double), p.Name)).ToArray();
                    yield return ($"{rule.Name}/{order}", Expression.Lambda(Expression.Call(m, [Expression.Constant(order), .. ps]), ps), rule);
                }
        }
    }

    private static LambdaExpression? Sample(RuleKey key)
    {
        if (key.Method is { } m)
        {
            if (m.ReturnType != typeof(double) || m.GetParameters().Any(p => p.ParameterType != typeof(double))) return null;
            var ps = m.GetParameters().Select(p => Expression.Parameter(typeof(double), p.Name)).ToArray();
            return Expression.Lambda(Expression.Call(m, ps), ps);
        }
        if (key.OperandType != typeof(double)) return null;
        var a = Expression.Parameter(typeof(double), "a");
        var b = Expression.Parameter(typeof(double), "b");
        return key.Operator == ExpressionType.Negate
            ? Expression.Lambda(Expression.Negate(a), a)
            : Expression.Lambda(Expression.MakeBinary(key.Operator, a, b), a, b);
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);
    }
}
