using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Rewrites the shapes FSharp.Core leaves in a LINQ tree into the core's System.Math calls and plain nodes,
/// without referencing FSharp.Core (methods are matched by declaring type name and method name).
/// </summary>
/// <remarks>
/// Both routes from F# end in FSharp.Core's <c>LeafExpressionConverter</c>: a lambda passed where an
/// <c>Expression&lt;Func&lt;…&gt;&gt;</c> is expected is quoted and converted at run time, and the F# layer converts
/// quotations with it. What it produces (FSharp.Core 10, printed with <c>ToString()</c>):
/// <list type="bullet">
/// <item><c>x + y</c>, <c>x * y</c>, <c>-x</c>, <c>x % y</c>, comparisons, <c>float (int x)</c> and <c>if</c> are
/// already core nodes (Add, Negate, GreaterThan, Convert, Conditional): nothing to do.</item>
/// <item>Inline math operators arrive witness-passing: <c>sin x</c> is
/// <c>Sin$W(ToFSharpFunc(arg0_0 =&gt; Sin(arg0_0)), x)</c>, <c>x ** y</c> is
/// <c>op_Exponentiation$W(ToFSharpFunc(a =&gt; ToFSharpFunc(b =&gt; Pow(a, b))), x, y)</c>, <c>pown x 3</c> is
/// <c>PowInteger$W(one, div, mul, x, 3)</c>. The witnesses only tell FSharp.Core how to compute for the type,
/// so the leading ones are dropped and the call becomes the System.Math method of the same meaning; the
/// non-witness forms (<c>Operators.Sin[Double]</c>) are mapped the same way.</item>
/// <item><c>max</c>/<c>min</c> are generic calls <c>Operators.Max[Double](x, y)</c>; <c>sign</c> is
/// <c>Sign$W</c> returning int (as Math.Sign does); <c>+x</c> is <c>op_UnaryPlus$W(Identity, x)</c>.</item>
/// <item><c>x |&gt; f</c> is <c>op_PipeRight(x, ToFSharpFunc(v =&gt; …))</c> and an inner function
/// <c>let f t = … in f x</c> is a block variable assigned <c>ToFSharpFunc(t =&gt; …)</c> and called through
/// <c>FSharpFunc.Invoke</c>: both become <c>Invoke(lambda, x)</c>, which Normalize turns into a let.</item>
/// <item><c>m.[i, j]</c> is <c>IntrinsicFunctions.GetArray2D(m, i, j)</c>, <c>Array.length v</c> is
/// <c>ArrayModule.Length(v)</c>, <c>Array.sum v</c> / <c>Array.sumBy f v</c> are witness calls
/// <c>Sum$W(zero, add, v)</c>: they become array reads, lengths and <c>Ops.Sum</c>.</item>
/// <item><c>let (a, b) = (x, y)</c> and <c>fst t</c> read items of a block variable assigned <c>new Tuple(x, y)</c>:
/// the reads become the elements. (The core would otherwise take the Tuple as an opaque constant.)</item>
/// <item><c>(); x</c> is a block whose first statement is a <c>Unit</c> constant: dropped.</item>
/// </list>
/// Calls not listed are left alone, so the engine reports them by name as it does any unknown method.
/// </remarks>
internal sealed class FSharpOperatorRewriter : ExpressionVisitor
{
    private const string Core = "Microsoft.FSharp.Core.";
    private const string FSharpFuncName = Core + "FSharpFunc`2";

    private delegate Expression? Builder(MethodCallExpression call, Expression[] args);

    /// <summary>Key: declaring type's short name and method name without <c>$W</c>. Value: how many trailing
    /// arguments are real (the rest are witnesses) and how to build the core form.</summary>
    private static readonly Dictionary<string, (int Arity, Builder Build)> Table = BuildTable();

    private static readonly HashSet<string> FSharpTypes =
    [
        Core + "Operators", Core + "ExtraTopLevelOperators", Core + "LanguagePrimitives",
        Core + "LanguagePrimitives+IntrinsicFunctions", Core + "LanguagePrimitives+HashCompare",
        Core + "Operators+OperatorIntrinsics", Core + "Operators+Checked",
        "Microsoft.FSharp.Collections.ArrayModule", "Microsoft.FSharp.Collections.Array2DModule",
    ];

    private readonly Dictionary<ParameterExpression, Expression> inlined = [];

    public static Expression Rewrite(Expression e) => new FSharpOperatorRewriter().Visit(e)!;

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (IsFSharpFuncInvoke(node, out var function, out var arguments))
            return Visit(Expression.Invoke(function, arguments))!;
        if (node.Method.DeclaringType?.FullName is not { } typeName || !FSharpTypes.Contains(typeName))
            return base.VisitMethodCall(node);

        var name = node.Method.Name.EndsWith("$W", StringComparison.Ordinal) ? node.Method.Name[..^2] : node.Method.Name;
        var key = typeName[(typeName.LastIndexOfAny(['.', '+']) + 1)..] + "." + name;
        if (!Table.TryGetValue(key, out var entry) || node.Arguments.Count < entry.Arity)
            return base.VisitMethodCall(node);
        var args = node.Arguments.Skip(node.Arguments.Count - entry.Arity).Select(a => Visit(a)!).ToArray();
        return entry.Build(node, args) is { } rewritten ? Visit(rewritten)! : base.VisitMethodCall(node);
    }

    /// <summary>Inner F# inlined: a variable bound to <c>ToFSharpFunc(lambda)</c> is replaced by that value,
    /// so its calls become invocations; Unit constants used as statements are dropped.</summary>
    protected override Expression VisitBlock(BlockExpression node)
    {
        var variables = new List<ParameterExpression>();
        var expressions = new List<Expression>();
        for (int i = 0; i < node.Expressions.Count; i++)
        {
            var e = node.Expressions[i];
            bool last = i == node.Expressions.Count - 1;
            if (!last && e is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v, Right: var value }
                && node.Variables.Contains(v) && (AsLambda(value) is not null || IsTuple(value)) && AssignedOnce(node, v))
            {
                inlined[v] = Visit(value)!;
                continue;
            }
            if (!last && e is ConstantExpression c && c.Type.FullName == Core + "Unit") continue;
            expressions.Add(e);
        }
        variables.AddRange(node.Variables.Where(v => !inlined.ContainsKey(v)));
        if (variables.Count == node.Variables.Count && expressions.Count == node.Expressions.Count)
            return base.VisitBlock(node);
        var visited = expressions.Select(e => Visit(e)!).ToList();
        return variables.Count == 0 && visited.Count == 1 ? visited[0] : Expression.Block(node.Type, variables, visited);
    }

    protected override Expression VisitParameter(ParameterExpression node) =>
        inlined.TryGetValue(node, out var lambda) ? lambda : node;

    /// <summary><c>new Tuple(a, b).Item2</c> → <c>b</c> (also through <c>Rest</c> for 8 elements and more).</summary>
    protected override Expression VisitMember(MemberExpression node)
    {
        var target = Visit(node.Expression);
        if (target is NewExpression tuple && IsTuple(tuple) && node.Member.Name is ['I', 't', 'e', 'm', .. var digits])
            return tuple.Arguments[int.Parse(digits) - 1];
        if (target is NewExpression rest && IsTuple(rest) && node.Member.Name == "Rest")
            return rest.Arguments[7];
        return node.Update(target);
    }

    private static bool IsTuple(Expression e) =>
        e is NewExpression { Type: { IsGenericType: true } t } && t.FullName!.StartsWith("System.Tuple`", StringComparison.Ordinal);

    private static bool AssignedOnce(BlockExpression block, ParameterExpression v) =>
        block.Expressions.Count(e => e is BinaryExpression { NodeType: ExpressionType.Assign } a && a.Left == v) == 1;

    /// <summary><c>ToFSharpFunc(lambda)</c> → lambda; a lambda already unwrapped stays as it is.</summary>
    private static LambdaExpression? AsLambda(Expression e) => e switch
    {
        LambdaExpression l => l,
        MethodCallExpression { Method.Name: "ToFSharpFunc", Arguments: [LambdaExpression l] } m
            when m.Method.DeclaringType?.FullName == Core + "FuncConvert" => l,
        _ => null,
    };

    /// <summary><c>f.Invoke(x)</c> and <c>FSharpFunc.InvokeFast(f, x, y…)</c> where f is a lambda (directly, or a
    /// block variable recorded in <see cref="inlined"/>). A curried <c>a =&gt; ToFSharpFunc(b =&gt; body)</c>
    /// applied to x, y becomes <c>Invoke((a, b) =&gt; body, x, y)</c>.</summary>
    private bool IsFSharpFuncInvoke(MethodCallExpression node, out Expression function, out Expression[] arguments)
    {
        (function, arguments) = (null!, []);
        var declaring = node.Method.DeclaringType;
        if (node.Method.Name is not ("Invoke" or "InvokeFast") || declaring is not { IsGenericType: true }
            || declaring.GetGenericTypeDefinition().FullName != FSharpFuncName)
            return false;
        var target = node.Object ?? node.Arguments.FirstOrDefault();
        var args = (node.Object is null ? node.Arguments.Skip(1) : node.Arguments).ToArray();
        if (target is ParameterExpression p && inlined.TryGetValue(p, out var known)) target = known;
        if (target is null || args.Length == 0) return false;

        var parameters = new List<ParameterExpression>();
        Expression body = target;
        foreach (var _ in args)
        {
            if (AsLambda(body) is not { Parameters.Count: 1 } step) return false;
            parameters.Add(step.Parameters[0]);
            body = step.Body;
        }
        (function, arguments) = (Expression.Lambda(body, parameters), args);
        return true;
    }

    private static Dictionary<string, (int, Builder)> BuildTable()
    {
        var t = new Dictionary<string, (int, Builder)>();
        foreach (var name in new[] { "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Exp", "Log",
                     "Log10", "Sqrt", "Abs", "Sign", "Floor", "Ceiling", "Round", "Truncate" })
            t["Operators." + name] = (1, (c, a) => MathCall(name, c.Type, a));
        foreach (var name in new[] { "Atan2", "Max", "Min" })
            t["Operators." + name] = (2, (c, a) => MathCall(name, c.Type, a));
        t["Operators.op_Exponentiation"] = (2, (c, a) => MathCall("Pow", c.Type, a));
        t["Operators.PowInteger"] = (2, (c, a) => c.Type == typeof(double)
            ? MathCall("Pow", c.Type, [a[0], Expression.Convert(a[1], typeof(double))]) : null);
        t["Operators.Identity"] = (1, (c, a) => a[0]);
        t["Operators.op_UnaryPlus"] = (1, (c, a) => a[0]);
        t["Operators.op_UnaryNegation"] = (1, (c, a) => Expression.Negate(a[0]));
        foreach (var to in new[] { "ToDouble", "ToSingle", "ToInt32", "ToInt", "ToInt64", "ToDecimal" })
            t["Operators." + to] = (1, (c, a) => Expression.Convert(a[0], c.Type));
        foreach (var (op, type) in new[] { ("Addition", ExpressionType.Add), ("Subtraction", ExpressionType.Subtract),
                     ("Multiply", ExpressionType.Multiply), ("Division", ExpressionType.Divide), ("Modulus", ExpressionType.Modulo),
                     ("LessThan", ExpressionType.LessThan), ("LessThanOrEqual", ExpressionType.LessThanOrEqual),
                     ("GreaterThan", ExpressionType.GreaterThan), ("GreaterThanOrEqual", ExpressionType.GreaterThanOrEqual),
                     ("Equality", ExpressionType.Equal), ("Inequality", ExpressionType.NotEqual) })
        {
            t["Operators.op_" + op] = (2, (c, a) => Binary(type, a));
            t["LanguagePrimitives." + op + "Dynamic"] = (2, (c, a) => Binary(type, a));
        }
        t["LanguagePrimitives.GenericOne"] = (0, (c, a) => Numeric(1, c.Type));
        t["LanguagePrimitives.GenericZero"] = (0, (c, a) => Numeric(0, c.Type));
        t["Operators.Fst"] = (1, (c, a) => a[0] is NewExpression tuple && IsTuple(tuple) ? tuple.Arguments[0] : null);
        t["Operators.Snd"] = (1, (c, a) => a[0] is NewExpression tuple && IsTuple(tuple) ? tuple.Arguments[1] : null);
        t["Operators.op_PipeRight"] = (2, (c, a) => Apply(a[1], a[0]));
        t["Operators.op_PipeLeft"] = (2, (c, a) => Apply(a[0], a[1]));
        t["IntrinsicFunctions.GetArray"] = (2, (c, a) => Expression.ArrayIndex(a[0], a[1]));
        t["IntrinsicFunctions.GetArray2D"] = (3, (c, a) => Expression.ArrayIndex(a[0], a[1], a[2]));
        t["ArrayModule.Get"] = (2, (c, a) => Expression.ArrayIndex(a[0], a[1]));
        t["ArrayModule.Length"] = (1, (c, a) => Expression.ArrayLength(a[0]));
        t["Array2DModule.Get"] = (3, (c, a) => Expression.ArrayIndex(a[0], a[1], a[2]));
        t["Array2DModule.Length1"] = (1, (c, a) => GetLength(a[0], 0));
        t["Array2DModule.Length2"] = (1, (c, a) => GetLength(a[0], 1));
        t["ArrayModule.Sum"] = (1, (c, a) => ArraySum(a[0], null, c.Type));
        t["ArrayModule.SumBy"] = (2, (c, a) => ArraySum(a[1], a[0], c.Type));
        return t;
    }

    private static Expression? MathCall(string name, Type resultType, Expression[] args)
    {
        var method = typeof(Math).GetMethod(name, BindingFlags.Public | BindingFlags.Static, args.Select(a => a.Type).ToArray());
        return method is not null && method.ReturnType == resultType ? Expression.Call(method, args) : null;
    }

    private static Expression? Binary(ExpressionType type, Expression[] args) =>
        args[0].Type.IsPrimitive && args[0].Type == args[1].Type ? Expression.MakeBinary(type, args[0], args[1]) : null;

    private static Expression? Numeric(int value, Type type) =>
        type.IsPrimitive ? Expression.Constant(Convert.ChangeType(value, type), type) : null;

    private static Expression? Apply(Expression function, Expression argument) =>
        AsLambda(function) is { Parameters.Count: 1 } lambda ? Expression.Invoke(lambda, argument) : null;

    private static Expression GetLength(Expression array, int dimension) =>
        Expression.Call(array, typeof(Array).GetMethod(nameof(Array.GetLength))!, Expression.Constant(dimension));

    /// <summary><c>Array.sum v</c> → <c>Ops.Sum(v.Length, i =&gt; v[i])</c>; <c>Array.sumBy f v</c> applies f to each read.</summary>
    private static Expression? ArraySum(Expression array, Expression? selector, Type resultType)
    {
        if (array.Type != typeof(double[]) || resultType != typeof(double)) return null;
        var i = Expression.Parameter(typeof(int), "i");
        Expression term = Expression.ArrayIndex(array, i);
        if (selector is not null)
        {
            if (AsLambda(selector) is not { Parameters.Count: 1 } f) return null;
            term = Expression.Invoke(f, term);
        }
        return Expression.Call(OpsMethods.Sum, Expression.ArrayLength(array), Expression.Lambda<Func<int, double>>(term, i));
    }
}
