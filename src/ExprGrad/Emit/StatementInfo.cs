using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// What <see cref="MethodSplitter"/> needs to know of one top-level statement: its size in nodes, the method's
/// variables it uses and assigns, the variable it defines outright (<c>v = e</c>, e not reading v), the labels it
/// mentions, and whether it assigns a parameter of the method (a part could not hand that on) or captures
/// variables as <c>RuntimeVariables</c>.
/// </summary>
internal sealed class StatementInfo : ExpressionVisitor
{
    private readonly HashSet<ParameterExpression> topLevel;
    private readonly IReadOnlyCollection<ParameterExpression> parameters;
    private readonly Dictionary<ParameterExpression, int> occurrences = [];

    private StatementInfo(Expression statement, HashSet<ParameterExpression> topLevel, IReadOnlyCollection<ParameterExpression> parameters) =>
        (Statement, this.topLevel, this.parameters) = (statement, topLevel, parameters);

    public Expression Statement { get; }
    public int Nodes { get; private set; }
    public IEnumerable<ParameterExpression> Uses => occurrences.Keys;
    public int References => occurrences.Values.Sum();
    public HashSet<ParameterExpression> Assigned { get; } = [];
    public ParameterExpression? Defines { get; private set; }
    public HashSet<LabelTarget> Labels { get; } = [];
    public bool Unsplittable { get; private set; }

    public static StatementInfo Of(Expression statement, HashSet<ParameterExpression> topLevel, IReadOnlyCollection<ParameterExpression> parameters)
    {
        var info = new StatementInfo(statement, topLevel, parameters);
        info.Visit(statement);
        if (statement is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } && info.occurrences.GetValueOrDefault(v) == 1)
            info.Defines = v;
        return info;
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null) return null;
        Nodes++;
        return StackGuard.HasRoom ? base.Visit(node) : Deeper(node);
    }

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (topLevel.Contains(node)) occurrences[node] = occurrences.GetValueOrDefault(node) + 1;
        return node;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        Target(AssignedVariables.TargetOf(node));
        return base.VisitBinary(node);
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        Target(AssignedVariables.TargetOf(node));
        return base.VisitUnary(node);
    }

    protected override Expression VisitRuntimeVariables(RuntimeVariablesExpression node)
    {
        Unsplittable = true;
        return base.VisitRuntimeVariables(node);
    }

    protected override LabelTarget? VisitLabelTarget(LabelTarget? node)
    {
        if (node is not null) Labels.Add(node);
        return node;
    }

    private void Target(Expression? target)
    {
        if (target is not ParameterExpression v) return;
        if (topLevel.Contains(v)) Assigned.Add(v);
        else if (parameters.Contains(v)) Unsplittable = true;
    }
}
