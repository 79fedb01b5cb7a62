using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The one table of derivative rules: built-in primitives and users' registrations alike. Registration
/// takes a sample lambda whose body is a single call or operator applied to its parameters in order,
/// so a rule reads like the table in the notes: <c>(double x) =&gt; Math.Exp(x)</c> with <c>(g, y, x) =&gt; g * y</c>.
/// </summary>
internal static class RuleTable
{
    private static readonly ConcurrentDictionary<RuleKey, Rule> Rules = new();

    static RuleTable()
    {
        ScalarRules.RegisterAll();
        ArrayValues.RegisterRules();
        TensorRules.RegisterAll();
    }

    public static bool TryGet(RuleKey key, out Rule rule) => Rules.TryGetValue(key, out rule!);

    public static IReadOnlyCollection<KeyValuePair<RuleKey, Rule>> All => Rules.ToArray();

    /// <summary>Adds a rule whose partials may be infinite: users' rules, guarded conservatively.</summary>
    public static void Add(LambdaExpression primitive, params LambdaExpression?[] adjoints) =>
        Add(primitive, unbounded: true, adjoints);

    /// <summary>Adds a rule; <paramref name="unbounded"/> says whether a partial can be ±∞ at finite inputs.</summary>
    public static void Add(LambdaExpression primitive, bool unbounded, params LambdaExpression?[] adjoints)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        var key = KeyOf(primitive);
        if (adjoints.Length != primitive.Parameters.Count)
            throw new ArgumentException(
                $"{key} takes {primitive.Parameters.Count} argument(s) but {adjoints.Length} adjoint(s) were given.",
                nameof(adjoints));
        for (int i = 0; i < adjoints.Length; i++)
            if (adjoints[i] is { } a && a.Parameters.Count != primitive.Parameters.Count + 2)
                throw new ArgumentException(
                    $"The adjoint for argument {i + 1} of {key} must take (g, y, x1 … x{primitive.Parameters.Count}).",
                    nameof(adjoints));
        Rules[key] = new Rule(key.ToString(), adjoints, unbounded);
    }

    public static void MarkNonDifferentiable(LambdaExpression primitive) =>
        Add(primitive, unbounded: false, new LambdaExpression?[primitive.Parameters.Count]);

    private static RuleKey KeyOf(LambdaExpression primitive)
    {
        var body = primitive.Body;
        if (RuleKey.Of(body) is not { } key)
            throw new ArgumentException(
                $"A primitive must be a single call or operator, like (double x) => MyMath.F(x); got {body}.",
                nameof(primitive));
        var args = RuleKey.Arguments(body);
        if (args.Count != primitive.Parameters.Count || args.Where((a, i) => a != primitive.Parameters[i]).Any())
            throw new ArgumentException(
                $"The primitive's arguments must be its parameters in order, like (x, y) => MyMath.F(x, y); got {body}.",
                nameof(primitive));
        return key;
    }
}
