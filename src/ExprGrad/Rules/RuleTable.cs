using System.Collections.Immutable;
using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The one table of derivative rules: built-in primitives and users' registrations alike. Registration
/// takes a sample lambda whose body is a single call or operator applied to its parameters in order,
/// so a rule reads like the table in the notes: <c>(double x) =&gt; Math.Exp(x)</c> with <c>(g, y, x) =&gt; g * y</c>.
/// Readers take <see cref="Current"/> once per compilation; writers swap in a new immutable set under a
/// lock, so concurrent registrations are never lost and a compilation never sees half of one.
/// </summary>
internal static class RuleTable
{
    private static readonly object WriteLock = new();
    private static RuleSet current = RuleSet.Empty;

    /// <summary>The keys of the built-in rules, which users replace only when they say so.</summary>
    private static readonly ImmutableHashSet<RuleKey> BuiltIn;

    static RuleTable()
    {
        ScalarRules.RegisterAll();
        SpecialFunctionRules.RegisterAll();
        ArrayValues.RegisterRules();
        TensorRules.RegisterAll();
        KernelRules.RegisterAll();
        ElementwiseRules.RegisterAll();
        SoftmaxRules.RegisterAll();
        LinearAlgebraRules.RegisterAll();
        BuiltIn = [.. current.Keys];
        current.TryGet(KeyOf((Expression<Func<double, double, double>>)((a, b) => a / b)), out var quotient);
        BuiltInQuotient = quotient;
    }

    /// <summary>The built-in rule of <c>a / b</c> over doubles, which <see cref="GradientOptions.ShareQuotientDivisions"/>
    /// emits in its shared form; a user's replacement is a different object and is emitted as registered.</summary>
    public static Rule BuiltInQuotient { get; }

    /// <summary>The table as it is now: a snapshot that later registrations leave unchanged.</summary>
    public static RuleSet Current => Volatile.Read(ref current);

    public static IReadOnlyCollection<KeyValuePair<RuleKey, Rule>> All => Current.All;

    /// <summary>Adds or replaces a built-in elementwise rule whose partials may be infinite (guarded conservatively).</summary>
    public static void Add(LambdaExpression primitive, params LambdaExpression?[] adjoints) =>
        Add(primitive, unbounded: true, adjoints);

    /// <summary>Adds or replaces a built-in elementwise rule (every scalar primitive): its tangent comes from its
    /// contributions. <paramref name="unbounded"/> says whether a partial can be ±∞ at finite inputs.</summary>
    public static void Add(LambdaExpression primitive, bool unbounded, params LambdaExpression?[] adjoints) =>
        Put(primitive, adjoints, Tangents.FromAdjoints, unbounded, replaceBuiltIn: true);

    /// <summary>Adds or replaces a built-in rule with a tangent of the given kind (tensor primitives).</summary>
    public static void Add(LambdaExpression primitive, TangentRule tangent, params LambdaExpression?[] adjoints) =>
        Put(primitive, adjoints, tangent, unbounded: true, replaceBuiltIn: true);

    /// <summary>Adds a primitive that only forward mode meets: a backward kernel inside a gradient program.</summary>
    public static void AddForwardOnly(LambdaExpression primitive, TangentRule tangent) =>
        Put(primitive, null, tangent, unbounded: false, replaceBuiltIn: true);

    public static void MarkNonDifferentiable(LambdaExpression primitive) =>
        Add(primitive, unbounded: false, new LambdaExpression?[primitive.Parameters.Count]);

    /// <summary>A user's registration, guarded conservatively: replacing a built-in rule needs
    /// <paramref name="replaceBuiltIn"/>, since it changes every gradient in the process that uses the primitive.
    /// A rule over doubles is elementwise, so forward mode derives its tangent from it; a tensor rule has no
    /// tangent (forward mode then says so).</summary>
    public static void Register(LambdaExpression primitive, bool replaceBuiltIn, params LambdaExpression?[] adjoints)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        var scalar = primitive.ReturnType == typeof(double) && primitive.Parameters.All(p => p.Type == typeof(double));
        Put(primitive, adjoints, scalar ? Tangents.FromAdjoints : null, unbounded: true, replaceBuiltIn);
    }

    private static void Put(LambdaExpression primitive, LambdaExpression?[]? adjoints, TangentRule? tangent, bool unbounded,
        bool replaceBuiltIn)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        var key = KeyOf(primitive);
        if (adjoints is not null && adjoints.Length != primitive.Parameters.Count)
            throw new ArgumentException(
                $"{key} takes {primitive.Parameters.Count} argument(s) but {adjoints.Length} adjoint(s) were given.",
                nameof(adjoints));
        for (int i = 0; i < (adjoints?.Length ?? 0); i++)
            if (adjoints![i] is { } a && a.Parameters.Count != primitive.Parameters.Count + 2)
                throw new ArgumentException(
                    $"The adjoint for argument {i + 1} of {key} must take (g, y, x1 … x{primitive.Parameters.Count}).",
                    nameof(adjoints));
        // BuiltIn is null only while the static constructor fills the table.
        if (!replaceBuiltIn && BuiltIn is not null && BuiltIn.Contains(key))
            throw new ArgumentException(
                $"{key} has a built-in derivative rule; pass replace: true to replace it for every gradient built afterwards.",
                nameof(primitive));
        var rule = new Rule(key.ToString(), adjoints, tangent, unbounded);
        lock (WriteLock) Volatile.Write(ref current, current.With(key, rule));
    }

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
