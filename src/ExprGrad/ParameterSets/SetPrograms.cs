using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// The entry point of a function of parameter sets. When no set holds an array of sets, every instance has
/// the same parameters and the one program is built now. Otherwise the parameters depend on the arrays'
/// lengths: a stand-in is built now (so an unsupported construct throws at once), and the entry point measures
/// its arguments at each call and runs the program for their structure, built on first use and kept, as the
/// shaped entry points keep one program per shape. Measuring and finding the program allocate nothing.
/// </summary>
internal sealed class SetPrograms<TDelegate> where TDelegate : Delegate
{
    private static readonly MethodInfo ProgramMethod = typeof(SetPrograms<TDelegate>).GetMethod(nameof(Program))!;
    private static readonly MethodInfo MeasureMethod = typeof(SetStructure).GetMethod(nameof(SetStructure.Measure))!;
    private static readonly MethodInfo BeginMethod = typeof(SetStructure).GetMethod(nameof(SetStructure.Begin))!;

    private readonly LambdaExpression f;
    private readonly ProgramKind kind;
    private readonly GradientOptions options;
    private readonly RuleSet rules;
    private readonly object gate = new();
    private (int[] Structure, TDelegate Program)[] built = [];

    public SetPrograms(LambdaExpression f, ProgramKind kind, GradientOptions options, RuleSet rules)
    {
        this.f = f;
        this.kind = kind;
        this.options = options;
        this.rules = rules;
    }

    public TDelegate Entry()
    {
        var measured = f.Parameters.Where(p => !TensorTypes.IsDifferentiable(p.Type) && SetLayout.For(p.Type, p.Name ?? "p").HasSetArrays).ToList();
        if (measured.Count == 0) return Compile([]);
        SetLowering.Build(f, kind, options, rules, null, typeof(TDelegate));
        // (args…) => Program(Begin() measured with each set holding arrays of sets)(args…)
        var structure = Expression.Variable(typeof(SetStructure), "structure");
        var measure = new List<Expression> { Expression.Assign(structure, Expression.Call(BeginMethod)) };
        foreach (var p in measured)
            measure.Add(Expression.Call(structure, MeasureMethod, p, Expression.Constant(SetLayout.For(p.Type, p.Name ?? "p")), Expression.Constant(p.Name ?? "p")));
        measure.Add(Expression.Call(Expression.Constant(this), ProgramMethod, structure));
        var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToList();
        // The set parameters come first in the delegate (the gradient sets of ValueAndGradientInto follow them).
        var body = ParameterSubstitution.Apply(Expression.Block([structure], measure),
            f.Parameters.Select((p, i) => (p, i)).ToDictionary(t => t.p, t => (Expression)parameters[t.i]));
        return Expression.Lambda<TDelegate>(Expression.Invoke(body, parameters), "gradient", parameters).Compile();
    }

    /// <summary>The program for the structure just measured; called from the entry point.</summary>
    public TDelegate Program(SetStructure structure)
    {
        foreach (var (key, program) in built)
            if (structure.Lengths.SequenceEqual(key)) return program;
        var copy = structure.Lengths.ToArray();
        lock (gate)
        {
            foreach (var (key, program) in built)
                if (copy.AsSpan().SequenceEqual(key)) return program;
            var compiled = Compile(copy);
            built = [.. built, (copy, compiled)];
            return compiled;
        }
    }

    private TDelegate Compile(int[] structure) =>
        (TDelegate)SetLowering.Build(f, kind, options, rules, new Queue<int>(structure), typeof(TDelegate)).Compile();
}

/// <summary>Where the pipeline hands functions of parameter sets over.</summary>
internal static class ParameterSets
{
    /// <summary>Whether a parameter is not a tensor but could be a set (a class of the user's).</summary>
    public static bool Applies(LambdaExpression f) =>
        f.Parameters.Any(p => !TensorTypes.IsDifferentiable(p.Type) && SetLayout.IsCandidate(p.Type));

    /// <summary>The entry point of <paramref name="f"/>, a function of sets and tensors returning double.</summary>
    public static TDelegate Compile<TDelegate>(LambdaExpression f, ProgramKind kind, GradientOptions? options) where TDelegate : Delegate
    {
        if (f.ReturnType != typeof(double))
            throw new ArgumentException($"The function must return double; it returns {f.ReturnType.Name}.", nameof(f));
        foreach (var p in f.Parameters)
        {
            if (TensorTypes.IsDifferentiable(p.Type))
            {
                if (kind == ProgramKind.IntoBuffers && !TensorTypes.IsArray(p.Type))
                    throw new ArgumentException($"Parameter '{p.Name}' is a {p.Type.Name}; gradients into buffers need double[], double[,] or parameter set parameters.", nameof(f));
            }
            else
            {
                SetLayout.For(p.Type, p.Name ?? "p");
            }
        }
        return new SetPrograms<TDelegate>(f, kind, options ?? GradientOptions.Default, RuleTable.Current).Entry();
    }
}
