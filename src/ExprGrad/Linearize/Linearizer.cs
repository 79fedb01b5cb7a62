using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 2: flattens the normalized tree into tapes of single assignments. Every differentiable
/// sub-expression becomes an atom; identical stages are shared; values that carry no gradient
/// (comparisons, indices, closure reads) become passive stages, kept verbatim so that short-circuits
/// and untaken branches keep their meaning.
/// </summary>
internal sealed partial class Linearizer
{
    private readonly Slots slots = new();
    private readonly HashSet<Expression> active = [];
    private readonly Dictionary<Expression, Tape> owners = [];

    /// <summary>The local arrays written in place (<see cref="FillPattern"/>), and the loop states holding them.</summary>
    private readonly HashSet<ParameterExpression> writtenInPlace = [];
    private readonly HashSet<Expression> inPlaceStates = [];

    /// <summary>How many active in-place writes the program has so far: a loop whose body added one carries the
    /// adjoints of its array states in arrays of their own (<see cref="LinearProgram.IsWrittenInPlace"/>).</summary>
    private int inPlaceWrites;

    private readonly GradientOptions options;

    /// <summary>The rules this run reads: one snapshot, so a concurrent registration cannot mix tables.</summary>
    private readonly RuleSet rules;

    private Linearizer(GradientOptions options, RuleSet rules)
    {
        this.options = options;
        this.rules = rules;
    }

    /// <param name="function">The normalized function.</param>
    /// <param name="options">Which optional passes run.</param>
    /// <param name="rules">The compilation's rule snapshot.</param>
    public static LinearProgram Run(LambdaExpression function, GradientOptions options, RuleSet rules)
    {
        var linearizer = new Linearizer(options, rules);
        var root = new Scope(new Tape(null), null, options.ShareSubexpressions);
        foreach (var p in function.Parameters)
        {
            linearizer.active.Add(p);
            linearizer.owners[p] = root.Tape;
        }
        var result = linearizer.Atom(function.Body, root);
        ProgramSize.Require(root.Tape);
        var stores = options.Checkpointing ? CheckpointPlanner.Run(root.Tape, result, linearizer.active, linearizer.slots) : [];
        if (options.StoreCostlyValues) StorePlanner.Run(root.Tape, linearizer.active, linearizer.slots);
        if (options.FuseSumsIntoScans) ScanSumFusion.Run(root.Tape);
        return new LinearProgram(function, root.Tape, result, linearizer.active, linearizer.owners, linearizer.slots, stores,
            linearizer.inPlaceStates);
    }

    private Expression Atom(Expression node, Scope scope) => StackGuard.HasRoom ? AtomOf(node, scope) : AtomDeeper(node, scope);

    private Expression AtomDeeper(Expression node, Scope scope) => StackGuard.Run(() => AtomOf(node, scope));

    private Expression AtomOf(Expression node, Scope scope)
    {
        switch (node)
        {
            case ConstantExpression:
                return node;
            case ParameterExpression p:
                if (scope.TryResolve(p, out var bound)) return bound;
                if (owners.ContainsKey(p)) return p;
                throw UnsupportedExpressionException.Node(p, $"Parameter '{p.Name}' is not bound by the lambda being differentiated.");
        }
        if (node is BinaryExpression { Method: null, NodeType: ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply } index
            && index.Type == typeof(int))
            return IndexArithmetic(index, scope);
        // A vector scan's states (double[][]) are not a tensor, but are read by index like one; a Let may name them.
        if (node is MethodCallExpression { Method.DeclaringType: var declaring } states && declaring == typeof(Ops) && states.Type == typeof(double[][]))
            return Call(states, scope);
        if (!TensorTypes.IsDifferentiable(node.Type)) return Verbatim(node, scope);
        return node switch
        {
            UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u => Conversion(u, scope),
            UnaryExpression { NodeType: ExpressionType.UnaryPlus } u => Atom(u.Operand, scope),
            BinaryExpression { NodeType: ExpressionType.ArrayIndex } b => ElementRead(node, b.Left, [b.Right], scope),
            IndexExpression { Indexer: null, Object: { } array } ix => ElementRead(node, array, ix.Arguments, scope),
            BinaryExpression or UnaryExpression => Primitive(node, scope),
            ConditionalExpression c => Branch(c, scope),
            BlockExpression block => Block(block, scope),
            NewArrayExpression { NodeType: ExpressionType.NewArrayInit } init when init.Type == typeof(double[]) => Pack(init, scope),
            MethodCallExpression call => Call(call, scope),
            _ => Verbatim(node, scope),
        };
    }

    private Expression Conversion(UnaryExpression convert, Scope scope) =>
        convert.Operand.Type == convert.Type ? Atom(convert.Operand, scope)
        : TensorTypes.IsDifferentiable(convert.Operand.Type) ? Verbatim(convert, scope)
        : Passive(convert.Update(Atom(convert.Operand, scope)), scope);

    private Expression Call(MethodCallExpression call, Scope scope)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(Ops))
        {
            if (method.IsGenericMethod && method.GetGenericMethodDefinition() == OpsMethods.Let) return Let(call, scope);
            if (method == OpsMethods.Sum || method == OpsMethods.Vector) return Sum(call, scope);
            if (OpsMethods.IsScan(method)) return Scan(call, scope);
            if (IsMap(method)) return Map(call, scope);
        }
        if (call.Object is { Type.IsArray: true } array && method.Name == "Get")
            return ElementRead(call, array, call.Arguments, scope);
        return Primitive(call, scope);
    }

    private Expression Primitive(Expression node, Scope scope)
    {
        var args = RuleKey.Arguments(node).Select(a => Atom(a, scope)).ToArray();
        var anyActive = args.Any(active.Contains);
        var key = RuleKey.Of(node)!.Value;
        var stageKey = StageKey.Of(key, args);
        if (stageKey is { } k && scope.TryFind(k, out var existing)) return existing;

        Expression output;
        var value = RuleKey.Rebuild(node, args);
        var home = InvariantHome(value, args, scope);
        if (!anyActive || (rules.TryGet(key, out var rule) && rule.IsNonDifferentiable))
        {
            output = Passive(value, home);
        }
        else if (rule is null || !rule.HasReverse)
        {
            throw node is MethodCallExpression call
                ? UnsupportedExpressionException.ForMethod(call)
                : UnsupportedExpressionException.Node(node, $"ExprGrad has no derivative rule for the operator {node.NodeType} on {node.Type.Name}.");
        }
        else
        {
            output = NewSlot(node.Type, "t", home);
            home.Tape.Steps.Add(new PrimitiveStep(output, value, rule, args));
            active.Add(output);
        }
        if (stageKey is { } key2) home.Remember(key2, output);
        return output;
    }

    private Expression ElementRead(Expression node, Expression arrayNode, IReadOnlyList<Expression> indexNodes, Scope scope)
    {
        var array = Atom(arrayNode, scope);
        var indices = indexNodes.Select(i => Atom(i, scope)).ToArray();
        var stageKey = StageKey.Of("[]", [array, .. indices]);
        if (stageKey is { } k && scope.TryFind(k, out var existing)) return existing;
        Expression output;
        if (!active.Contains(array))
        {
            output = Passive(Expression.ArrayAccess(array, indices), scope);
        }
        else
        {
            output = NewSlot(node.Type, "x", scope);
            scope.Tape.Steps.Add(new ElementReadStep(output, array, indices));
            active.Add(output);
        }
        if (stageKey is { } key2) scope.Remember(key2, output);
        return output;
    }

    private Expression Branch(ConditionalExpression conditional, Scope scope)
    {
        var test = Atom(conditional.Test, scope);
        var whenTrue = scope.Child();
        var trueResult = Atom(conditional.IfTrue, whenTrue);
        var whenFalse = scope.Child();
        var falseResult = Atom(conditional.IfFalse, whenFalse);
        var output = NewSlot(conditional.Type, "b", scope);
        scope.Tape.Steps.Add(new BranchStep([output], test, whenTrue.Tape, [trueResult], whenFalse.Tape, [falseResult]));
        if (active.Contains(trueResult) || active.Contains(falseResult)) active.Add(output);
        return output;
    }

    /// <summary>Index arithmetic is shared like any stage: <c>x[i + 1]</c> written twice is one read, so
    /// everything computed from it is shared too.</summary>
    private Expression IndexArithmetic(BinaryExpression node, Scope scope)
    {
        Expression left = Atom(node.Left, scope), right = Atom(node.Right, scope);
        var key = StageKey.Of(node.NodeType, [left, right]);
        if (key is { } k && scope.TryFind(k, out var existing)) return existing;
        var output = Passive(Expression.MakeBinary(node.NodeType, left, right), scope);
        if (key is { } k2) scope.Remember(k2, output);
        return output;
    }

    /// <summary>A value without gradient, computed where it stands: verbatim, with bound parameters
    /// replaced by their atoms. Double-valued nodes of unknown kind are allowed only when inactive.</summary>
    private Expression Verbatim(Expression node, Scope scope)
    {
        var rewritten = ParameterSubstitution.Apply(node, scope.VisibleBindings());
        // Integers and booleans carry no gradient by convention; any other value computed verbatim from a
        // differentiable one (through a float, a tuple, an unknown node) would drop the gradient silently.
        if (!TensorTypes.CarriesNoGradientByConvention(node.Type) && ActiveReferences.Any(rewritten, active, throughAnyType: true))
            throw TensorTypes.IsDifferentiable(node.Type)
                ? UnsupportedExpressionException.Node(node)
                : UnsupportedExpressionException.Node(node, $"A differentiable value flows into a value of type {node.Type.Name}, which cannot carry its gradient.");
        return options.HoistInvariantReads && IsInvariantRead(rewritten) ? Hoisted(rewritten, scope.Root) : Passive(rewritten, scope);
    }

    /// <summary>Closure fields and the lengths of parameter arrays read the same in every iteration and
    /// branch, and reading them cannot fail, so they are read once at the start of the call.</summary>
    private bool IsInvariantRead(Expression node) => node switch
    {
        MemberExpression { Member: System.Reflection.FieldInfo, Expression: null } => true,
        MemberExpression { Member: System.Reflection.FieldInfo, Expression: ConstantExpression { Value: not null } } => true,
        MemberExpression { Member: System.Reflection.FieldInfo, Expression: { } inner } when inner.Type.IsValueType || IsClosure(inner.Type) => IsInvariantRead(inner),
        UnaryExpression { NodeType: ExpressionType.ArrayLength, Operand: ParameterExpression p } => owners.TryGetValue(p, out var t) && t.Parent is null,
        _ => false,
    };

    // Compiler-generated display classes hold closures; reading their fields cannot throw once the outer one is non-null.
    internal static bool IsClosure(Type type) => type.Name.Contains("DisplayClass") || type.Name.StartsWith("<>c", StringComparison.Ordinal);

    private Expression Hoisted(Expression value, Scope root)
    {
        var key = new StageKey("read", ReferenceKey(value), null, null, null);
        if (root.TryFind(key, out var existing)) return existing;
        var output = Passive(value, root);
        root.Remember(key, output);
        return output;
    }

    private static object? ReferenceKey(Expression node) => node switch
    {
        MemberExpression m => (m.Member, m.Expression is null ? null : ReferenceKey(m.Expression)),
        ConstantExpression c => c.Value,
        UnaryExpression u => (u.NodeType, ReferenceKey(u.Operand)),
        ParameterExpression p => p,
        _ => node,
    };

    private Expression Passive(Expression value, Scope scope)
    {
        if (value is ParameterExpression or ConstantExpression) return value;
        scope = InvariantHome(value, null, scope);
        var output = NewSlot(value.Type, "c", scope);
        scope.Tape.Steps.Add(new PassiveStep(output, value));
        return output;
    }

    private Expression NewSlot(Type type, string prefix, Scope scope)
    {
        var slot = slots.New(type, prefix + owners.Count);
        owners[slot] = scope.Tape;
        return slot;
    }
}
