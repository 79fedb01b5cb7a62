using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ExprGrad.Tests.Oracles;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Registry;

/// <summary>
/// Tests generated from the primitive registry: every tensor primitive and backward kernel it holds is
/// checked, at random shapes and values, in forward mode (its tangent rule against central differences
/// along random directions), in reverse mode (its contributions against central differences) and at second
/// order (forward mode over its gradient program, which runs the tangents of the backward kernels its
/// contributions call, against central differences of the gradient). Each primitive is wrapped in a loss
/// ⟨R, op(x)⟩ with a random R, so a transposed or misrouted result cannot pass. A primitive that carries no
/// gradient (StopGradient) is checked to give exactly zero in every mode. Scalar primitives are walked the
/// same way by <c>RuleTableTests</c>.
/// </summary>
public class RegistryTests
{
    private const double RelTol = 1e-6, AbsTol = 1e-7;

    public static TheoryData<string> TensorPrimitives() => [.. TensorEntries().Select(e => e.Name)];

    /// <summary>A new primitive without generated tests cannot land: every registered non-scalar primitive needs a sample.</summary>
    [Fact]
    public void EveryRegisteredPrimitiveHasASample()
    {
        var missing = TensorEntries().Select(e => e.Name).Where(n => !PrimitiveSamples.ByKey.ContainsKey(n)).ToList();
        Assert.True(missing.Count == 0, "Registered primitives without a sample in PrimitiveSamples: " + string.Join(", ", missing));
        Assert.Contains("Kernels.MatMulTransposeB(double[,],double[,])", TensorEntries().Select(e => e.Name));
    }

    /// <summary>Every built-in tensor primitive has a forward rule, so Hessians can go through it.</summary>
    [Theory]
    [MemberData(nameof(TensorPrimitives))]
    public void TangentMatchesCentralDifferences(string name)
    {
        var (_, rule) = TensorEntries().Single(e => e.Name == name);
        Assert.NotNull(rule.Tangent);
        Check(name, 40, c =>
        {
            var tangent = TangentTransformer.Transform(c.Loss).Compile();
            foreach (var v in c.Directions)
            {
                var result = (ITuple)tangent.DynamicInvoke([.. c.Arguments, .. c.Unflatten(v)])!;
                var numeric = rule.IsNonDifferentiable ? 0 : Directional(c.Value, c.Point, v);
                AssertClose(numeric, (double)result[1]!, $"{name}: tangent along [{string.Join(", ", v)}]\n{c}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(TensorPrimitives))]
    public void ContributionsMatchCentralDifferences(string name)
    {
        var (_, rule) = TensorEntries().Single(e => e.Name == name);
        if (!rule.HasReverse) return; // a backward kernel: only forward mode meets it, checked above
        Check(name, 40, c =>
        {
            var gradient = Flatten(Grad.GradientExpression(c.Loss).Compile().DynamicInvoke(c.Arguments)!);
            var numeric = rule.IsNonDifferentiable ? new double[c.Point.Length] : FiniteDifferences.Gradient(c.Value, c.Point);
            for (int i = 0; i < numeric.Length; i++) AssertClose(numeric[i], gradient[i], $"{name}: ∂/∂x{i}\n{c}");
        });
    }

    [Theory]
    [MemberData(nameof(TensorPrimitives))]
    public void SecondOrderMatchesCentralDifferencesOfTheGradient(string name)
    {
        var (_, rule) = TensorEntries().Single(e => e.Name == name);
        if (!rule.HasReverse) return;
        Check(name, 25, c =>
        {
            var gradientProgram = Grad.GradientExpression(c.Loss);
            var gradient = gradientProgram.Compile();
            var hessianVector = TangentTransformer.Transform(gradientProgram).Compile();
            double[] GradientAt(double[] x) => Flatten(gradient.DynamicInvoke(c.Unflatten(x))!);
            foreach (var v in c.Directions)
            {
                var result = (ITuple)hessianVector.DynamicInvoke([.. c.Arguments, .. c.Unflatten(v)])!;
                var analytic = Flatten(result[1]!);
                for (int i = 0; i < analytic.Length; i++)
                    AssertClose(Directional(x => GradientAt(x)[i], c.Point, v), analytic[i], $"{name}: (H·v)[{i}]\n{c}");
            }
        });
    }

    /// <summary>How the registry key of a method reads in <see cref="PrimitiveSamples"/>.</summary>
    public static string KeyName(System.Reflection.MethodInfo m) =>
        $"{m.DeclaringType!.Name}.{m.Name}({string.Join(",", m.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    private static string TypeName(Type t) => t == typeof(double) ? "double" : t == typeof(int) ? "int" : t == typeof(double[]) ? "double[]"
        : t == typeof(double[,]) ? "double[,]" : t.Name;

    private static IEnumerable<(string Name, Rule Rule)> TensorEntries() =>
        RuleTable.All
            // Built-in primitives only: a test may register a user's tensor rule (which has no tangent by design).
            .Where(e => e.Key.Method is { } m && m.DeclaringType?.Assembly == typeof(Grad).Assembly
                        && (TensorTypes.IsArray(m.ReturnType) || m.GetParameters().Any(p => TensorTypes.IsArray(p.ParameterType))))
            .Select(e => (KeyName(e.Key.Method!), e.Value))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);

    private static void Check(string name, int cases, Action<PrimitiveCase> check)
    {
        var method = RuleTable.All.Single(e => e.Key.Method is { } m && KeyName(m) == name).Key.Method!;
        var make = PrimitiveSamples.ByKey[name];
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => check(PrimitiveCase.Of(method, make, new Random(seed))))
            .Check(Checks.Seeded(StringComparer.Ordinal.GetHashCode(name) & 0xFFFF, maxTest: cases));
    }

    /// <summary>Richardson-extrapolated central difference of <paramref name="f"/> along <paramref name="v"/>.</summary>
    private static double Directional(Func<double[], double> f, double[] x, double[] v)
    {
        const double h = 1e-4;
        double At(double t) => f([.. x.Select((xi, i) => xi + t * v[i])]);
        var wide = (At(h) - At(-h)) / (2 * h);
        var narrow = (At(h / 2) - At(-h / 2)) / h;
        return (4 * narrow - wide) / 3;
    }

    private static void AssertClose(double expected, double actual, string context) =>
        Assert.True(FiniteDifferences.Close(expected, actual, RelTol, AbsTol), $"expected {expected:R}, got {actual:R}: {context}");

    private static double[] Flatten(object value) => FlatArguments.Flatten([value]);
}
