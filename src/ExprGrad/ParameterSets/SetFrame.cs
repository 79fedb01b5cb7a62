using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The code around a lowered program: reads each set's members into the program's parameters (null
/// members named by path), runs the program inline, and turns its result back into the entry point's: new
/// gradient sets (<c>Of</c>, <c>ValueAndGradient</c>), or the caller's gradient sets filled in
/// (<c>ValueAndGradientInto</c>: arrays are the program's buffers, doubles are assigned after it).
/// </summary>
internal sealed class SetFrame(LambdaExpression f, ProgramKind kind, IReadOnlyDictionary<ParameterExpression, SetInstanceNode> roots,
    List<ParameterExpression> inner, LambdaExpression program)
{
    private readonly List<ParameterExpression> variables = [];
    private readonly List<Expression> code = [];

    /// <summary>The variable holding each set of the differentiated instances.</summary>
    private readonly Dictionary<SetInstanceNode, ParameterExpression> inputs = [];

    public LambdaExpression Emit(Type delegateType)
    {
        var gradients = kind == ProgramKind.IntoBuffers
            ? f.Parameters.Select(p => Expression.Parameter(p.Type, "d" + p.Name)).ToArray()
            : [];
        var buffers = program.Parameters.Skip(inner.Count).ToList();
        var bufferOf = kind == ProgramKind.IntoBuffers && buffers.Count > 0
            ? inner.Where(p => TensorTypes.IsArray(p.Type)).Select((p, i) => (p, i)).ToDictionary(t => t.p, t => buffers[t.i])
            : [];
        var gradientSets = new Dictionary<SetInstanceNode, ParameterExpression>();
        for (int i = 0; i < f.Parameters.Count; i++)
        {
            var p = f.Parameters[i];
            if (roots.TryGetValue(p, out var root))
            {
                ReadInputs(root, p);
                if (kind == ProgramKind.IntoBuffers) ReadGradients(root, gradients[i], gradientSets, bufferOf);
            }
            else if (kind == ProgramKind.IntoBuffers)
            {
                Assign(bufferOf[p], gradients[i]);
            }
        }
        variables.AddRange(program.Parameters.Where(p => !f.Parameters.Contains(p) && !variables.Contains(p)));
        var result = Expression.Variable(program.ReturnType, "result");
        variables.Add(result);
        code.Add(Expression.Assign(result, program.Body));
        code.Add(Result(result, gradientSets));
        return Expression.Lambda(delegateType, Expression.Block(variables, code), "gradient", [.. f.Parameters, .. gradients]);
    }

    private Expression Result(ParameterExpression result, Dictionary<SetInstanceNode, ParameterExpression> gradientSets)
    {
        bool forward = inner.Count == 0;
        switch (kind)
        {
            case ProgramKind.Forward:
                return result;
            case ProgramKind.IntoBuffers:
                if (forward) return result;
                // The emitter returns (value, ∂f/∂d for each double parameter, in order), or the value alone.
                var scalars = inner.Where(p => p.Type == typeof(double)).ToList();
                var into = new List<Expression>();
                foreach (var (node, set) in gradientSets)
                    foreach (var m in node.Layout.Members.Where(m => m.Kind == SetMemberKind.Scalar))
                    {
                        var leaf = (LeafNode)node.Child(m)!;
                        if (!m.CanWrite)
                            throw new NotSupportedException(
                                $"The member {m} ({leaf.Path}) is a double without a setter, so ValueAndGradientInto cannot write its gradient into the gradient set: " +
                                "give it a set or init accessor, make it a writable field, or use Grad.ValueAndGradient.");
                        into.Add(Expression.Assign(m.Read(set), ValueTupleItems.Item(result, 1 + scalars.IndexOf(leaf.Parameter), 1 + scalars.Count)));
                    }
                return Expression.Block([.. into, ValueTupleItems.Item(result, 0, 1 + scalars.Count)]);
            case ProgramKind.ValueAndGradient:
                Expression value = forward ? result : Expression.Field(result, "Item1");
                return ValueTuples.Make([value, Gradients(forward ? null : Expression.Field(result, "Item2"))]);
            default:
                return Gradients(forward ? null : result);
        }
    }

    /// <summary>Each parameter's gradient, a tuple of them when there are several: sets are new instances.</summary>
    private Expression Gradients(Expression? tuple)
    {
        Expression Of(ParameterExpression p) => ValueTupleItems.Item(tuple!, inner.IndexOf(p), inner.Count);
        return ValueTuples.Make([.. f.Parameters.Select(p => roots.TryGetValue(p, out var root)
            ? SetGradients.New(root, inputs, leaf => Of(leaf.Parameter))
            : Of(p))]);
    }

    /// <summary>Reads the members of the set in <paramref name="instance"/> into the leaves' parameters,
    /// nested sets into variables, checking every set on the way is present.</summary>
    private void ReadInputs(SetInstanceNode node, Expression instance)
    {
        var v = Expression.Variable(node.Layout.Type, node.Path);
        Assign(v, Checked(instance, node.Path));
        inputs[node] = v;
        foreach (var m in node.Layout.Members)
        {
            switch (node.Child(m))
            {
                case LeafNode leaf:
                    Assign(leaf.Parameter, m.Read(v));
                    break;
                case SetInstanceNode set:
                    ReadInputs(set, m.Read(v));
                    break;
                case SetArrayNode array:
                    var a = Expression.Variable(m.Type, array.Path);
                    Assign(a, Length(m.Read(v), array, array.Path));
                    for (int k = 0; k < array.Elements.Count; k++) ReadInputs(array.Elements[k], Expression.ArrayIndex(a, Expression.Constant(k)));
                    break;
            }
        }
    }

    /// <summary>The gradient set's arrays into the program's buffers; its sets kept for assigning doubles.</summary>
    private void ReadGradients(SetInstanceNode node, Expression instance, Dictionary<SetInstanceNode, ParameterExpression> sets,
        Dictionary<ParameterExpression, ParameterExpression> bufferOf)
    {
        var v = Expression.Variable(node.Layout.Type, "d" + node.Path);
        Assign(v, Checked(instance, v.Name!));
        sets[node] = v;
        foreach (var m in node.Layout.Members)
        {
            switch (node.Child(m))
            {
                case LeafNode { Member.Kind: not SetMemberKind.Scalar } leaf:
                    Assign(bufferOf[leaf.Parameter], m.Read(v));
                    break;
                case SetInstanceNode set:
                    ReadGradients(set, m.Read(v), sets, bufferOf);
                    break;
                case SetArrayNode array:
                    var a = Expression.Variable(m.Type, "d" + array.Path);
                    Assign(a, Length(m.Read(v), array, a.Name!));
                    for (int k = 0; k < array.Elements.Count; k++)
                        ReadGradients(array.Elements[k], Expression.ArrayIndex(a, Expression.Constant(k)), sets, bufferOf);
                    break;
            }
        }
    }

    private void Assign(ParameterExpression variable, Expression value)
    {
        if (!variables.Contains(variable) && !f.Parameters.Contains(variable)) variables.Add(variable);
        code.Add(Expression.Assign(variable, value));
    }

    private static Expression Checked(Expression value, string path) =>
        Expression.Call(typeof(SetChecks), nameof(SetChecks.NotNull), [value.Type], value, Expression.Constant(path));

    private static Expression Length(Expression array, SetArrayNode node, string path) =>
        Expression.Call(typeof(SetChecks), nameof(SetChecks.Length), [node.Member.Layout!.Type],
            array, Expression.Constant(node.Elements.Count), Expression.Constant(path), Expression.Constant(node.Path));
}
