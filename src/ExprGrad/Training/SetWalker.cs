using System.Linq.Expressions;

namespace ExprGrad.Training;

/// <summary>
/// Walks a parameter set and its gradient side by side, compiled once per type: each <c>double[]</c>,
/// <c>double[,]</c> and <c>double</c> parameter, in the order of the set's layout (arrays of sets in index
/// order), is handed with its gradient to the optimizer, which updates arrays in place and returns a double's
/// new value for the walk to assign through its setter. No allocation per walk.
/// </summary>
internal static class SetWalker<T> where T : class
{
    private static Action<T, T, Optimizer>? walk;

    public static Action<T, T, Optimizer> Walk => walk ??= Build();

    private static Action<T, T, Optimizer> Build()
    {
        var parameters = Expression.Parameter(typeof(T), "parameters");
        var gradient = Expression.Parameter(typeof(T), "gradient");
        var optimizer = Expression.Parameter(typeof(Optimizer), "optimizer");
        Expression body;
        if (TensorTypes.IsArray(typeof(T)))
        {
            body = Leaf(typeof(T), parameters, gradient, optimizer, "");
        }
        else
        {
            var layout = SetLayout.For(typeof(T), "parameters", "parameters");
            body = Set(layout, parameters, gradient, optimizer, "");
        }
        return Expression.Lambda<Action<T, T, Optimizer>>(body, parameters, gradient, optimizer).Compile();
    }

    // path: the member's path from the root (".Layers[].W"; "[]" stands for any element), for messages.
    private static Expression Set(SetLayout layout, Expression x, Expression g, ParameterExpression optimizer, string path)
    {
        var xs = Expression.Variable(layout.Type, "x");
        var gs = Expression.Variable(layout.Type, "g");
        var code = new List<Expression>
        {
            Expression.Assign(xs, Checked(x, "parameters" + path)),
            Expression.Assign(gs, Checked(g, "gradient" + path)),
        };
        foreach (var m in layout.Members)
        {
            var memberPath = $"{path}.{m.Name}";
            switch (m.Kind)
            {
                case SetMemberKind.Vector or SetMemberKind.Matrix:
                    code.Add(Leaf(m.Type, m.Read(xs), m.Read(gs), optimizer, memberPath));
                    break;
                case SetMemberKind.Scalar:
                    if (!m.CanWrite)
                        throw new NotSupportedException(
                            $"The member {m} is a double without a setter, so an optimizer step cannot update it: give it a set or init accessor, " +
                            "make it a writable field, or make it a double[] of length 1.");
                    code.Add(Expression.Assign(m.Read(xs), Leaf(m.Type, m.Read(xs), m.Read(gs), optimizer, memberPath)));
                    break;
                case SetMemberKind.Set:
                    code.Add(Set(m.Layout!, m.Read(xs), m.Read(gs), optimizer, memberPath));
                    break;
                case SetMemberKind.SetArray:
                    code.Add(Array(m, m.Read(xs), m.Read(gs), optimizer, memberPath));
                    break;
            }
        }
        return Expression.Block([xs, gs], code);
    }

    /// <summary>for (i = 0; i &lt; x.Length; i++) walk(x[i], g[i]), once the lengths are checked.</summary>
    private static Expression Array(SetMember m, Expression x, Expression g, ParameterExpression optimizer, string path)
    {
        var xa = Expression.Variable(m.Type, "xs");
        var ga = Expression.Variable(m.Type, "gs");
        var i = Expression.Variable(typeof(int), "i");
        var end = Expression.Label("end");
        var element = Set(m.Layout!, Expression.ArrayIndex(xa, i), Expression.ArrayIndex(ga, i), optimizer, path + "[]");
        return Expression.Block([xa, ga, i],
            Expression.Assign(xa, Checked(x, "parameters" + path)),
            Expression.Assign(ga, Expression.Call(typeof(SetChecks), nameof(SetChecks.Length), [m.Layout!.Type],
                g, Expression.ArrayLength(xa), Expression.Constant("gradient" + path), Expression.Constant("parameters" + path))),
            Expression.Assign(i, Expression.Constant(0)),
            Expression.Loop(
                Expression.IfThenElse(Expression.LessThan(i, Expression.ArrayLength(xa)),
                    Expression.Block(element, Expression.PreIncrementAssign(i)),
                    Expression.Break(end)),
                end));
    }

    private static Expression Leaf(Type type, Expression x, Expression g, ParameterExpression optimizer, string path) =>
        Expression.Call(optimizer, type == typeof(double) ? nameof(Optimizer.Scalar) : type == typeof(double[]) ? nameof(Optimizer.Vector) : nameof(Optimizer.Matrix),
            null, x, g, Expression.Constant(path));

    private static Expression Checked(Expression value, string path) =>
        Expression.Call(typeof(SetChecks), nameof(SetChecks.NotNull), [value.Type], value, Expression.Constant(path));
}
