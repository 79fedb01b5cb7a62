using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Turns a value-and-gradient program that is straight-line scalar code (doubles and bools, arithmetic,
/// comparisons, static double methods, conditionals, blocks, assignments) into a <see cref="LaneKernel"/>: the
/// same statements over Vector&lt;double&gt;, one lane per point, in a loop over a block of points. Nothing is
/// differentiated here — the program is the one Grad.ValueAndGradient compiles, so every rule and convention
/// comes from the one pipeline. A branch runs both sides, each assignment in it a select under the branch's
/// mask (the points taking that side), so an untaken side never reaches a lane's result: the conventions that
/// hold per point (no 0·∞ from an untaken side, NaN propagating) hold per lane. Anything else — loops, arrays,
/// jumps, instance calls — returns null and the batch runs per point.
/// </summary>
internal sealed class LaneVectorizer
{
    private static readonly Type Lane = typeof(Vector<double>);
    private static readonly double AllBits = BitConverter.Int64BitsToDouble(-1);

    private readonly Dictionary<ParameterExpression, ParameterExpression> variables = [];
    private readonly List<ParameterExpression> locals = [];
    private readonly Dictionary<long, ParameterExpression> constants = [];
    private readonly List<Expression> prologue = [];
    private readonly List<ParameterExpression> reads = [];

    private sealed class Unvectorizable : Exception;

    public static LaneKernel? TryVectorize(LambdaExpression program)
    {
        if (program.Parameters.Any(p => p.Type != typeof(double))) return null;
        try
        {
            return new LaneVectorizer().Build(program);
        }
        catch (Unvectorizable)
        {
            return null;
        }
    }

    private LaneKernel Build(LambdaExpression program)
    {
        var points = Expression.Parameter(typeof(double[,]), "points");
        var values = Expression.Parameter(typeof(double[]), "values");
        var gradients = Expression.Parameter(typeof(double[,]), "gradients");
        var first = Expression.Parameter(typeof(int), "first");
        var end = Expression.Parameter(typeof(int), "end");
        var i = Expression.Variable(typeof(int), "i");
        var columns = Expression.Variable(typeof(int), "columns");
        var parameters = program.Parameters.Select(Declare).ToArray();
        var statements = new List<Expression>();
        var results = Results(program.Body, statements);
        if (results.Count != 1 + parameters.Length) throw new Unvectorizable();

        int lanes = Vector<double>.Count;
        var copyTo = Lane.GetMethod(nameof(Vector<double>.CopyTo), [typeof(double[]), typeof(int)])!;
        Expression At(int column) => Expression.Add(Expression.Multiply(i, columns), Expression.Constant(column));
        var resultLanes = results.Select((_, k) => Expression.Variable(Lane, $"r{k}")).ToArray();
        var step = new List<Expression>();
        // Each point's program starts with fresh locals, as a call of the scalar delegate does.
        step.AddRange(locals.Except(parameters).Select(v => Expression.Assign(v, Expression.Default(Lane))));
        step.AddRange(parameters.Select((p, j) => Expression.Assign(p, Call(nameof(LaneMath.Gather), points, At(j), columns))));
        step.AddRange(statements);
        step.AddRange(results.Select((r, k) => Expression.Assign(resultLanes[k], r)));
        step.Add(Expression.IfThen(Expression.NotEqual(values, Expression.Constant(null, typeof(double[]))),
            Expression.Call(resultLanes[0], copyTo, values, i)));
        step.AddRange(resultLanes.Skip(1).Select((r, j) => Call(nameof(LaneMath.Scatter), gradients, At(j), columns, r)));
        step.Add(Expression.AddAssign(i, Expression.Constant(lanes)));
        var done = Expression.Label("done");
        var body = Expression.Block([.. locals, .. constants.Values, .. reads, .. resultLanes, i, columns],
        [
            .. prologue,
            Expression.Assign(columns, Expression.Call(points, typeof(double[,]).GetMethod(nameof(Array.GetLength))!, Expression.Constant(1))),
            Expression.Assign(i, first),
            Expression.Loop(Expression.IfThenElse(Expression.LessThanOrEqual(i, Expression.Subtract(end, Expression.Constant(lanes))),
                Expression.Block(step), Expression.Break(done)), done),
        ]);
        var compiled = Expression.Lambda<LaneKernel.Body>(body, points, values, gradients, first, end).Compile();
        return new LaneKernel(compiled, parameters.Length);
    }

    private ParameterExpression Declare(ParameterExpression scalar)
    {
        if (scalar.Type != typeof(double) && scalar.Type != typeof(bool)) throw new Unvectorizable();
        if (!variables.TryGetValue(scalar, out var lane))
        {
            variables[scalar] = lane = Expression.Variable(Lane, scalar.Name);
            locals.Add(lane);
        }
        return lane;
    }

    /// <summary>The program's (value, (∂f/∂x…)) as one lane expression per item, the statements before it added.</summary>
    private List<Expression> Results(Expression e, List<Expression> statements)
    {
        switch (e)
        {
            case BlockExpression block when block.Expressions.Count > 0:
                foreach (var v in block.Variables) Declare(v);
                statements.AddRange(block.Expressions.SkipLast(1).Select(s => Statement(s, null)));
                return Results(block.Expressions[^1], statements);
            case NewExpression tuple when IsValueTuple(tuple.Type):
                return [.. tuple.Arguments.SelectMany(a => IsValueTuple(a.Type) ? Results(a, statements) : [Value(a, null)])];
            default:
                throw new Unvectorizable();
        }
    }

    private Expression Statement(Expression e, Expression? mask)
    {
        switch (e)
        {
            case BlockExpression block:
                foreach (var v in block.Variables) Declare(v);
                return Expression.Block(typeof(void), block.Expressions.Select(s => Statement(s, mask)).Append(Expression.Empty()));
            case BinaryExpression { Left: ParameterExpression target } assign when IsAssignment(assign.NodeType):
                return Assign(assign, target, mask);
            case ConditionalExpression branch when branch.Type == typeof(void):
                var (test, whenTrue, whenFalse, setup) = Split(branch.Test, mask);
                return Expression.Block(typeof(void), [.. setup, Statement(branch.IfTrue, whenTrue), Statement(branch.IfFalse, whenFalse)]);
            case DefaultExpression when e.Type == typeof(void):
                return Expression.Empty();
            default:
                if (e.Type != typeof(double) && e.Type != typeof(bool)) throw new Unvectorizable();
                return Expression.Block(typeof(void), Value(e, mask));
        }
    }

    /// <summary>A branch's test in a mask variable and the masks of its two sides, each within the enclosing one.</summary>
    private (Expression Test, Expression WhenTrue, Expression WhenFalse, Expression[] Setup) Split(Expression condition, Expression? mask)
    {
        var test = Temporary();
        var whenTrue = Temporary();
        var whenFalse = Temporary();
        var notTest = Call(nameof(LaneMath.Not), test);
        return (test, whenTrue, whenFalse,
        [
            Expression.Assign(test, Value(condition, mask)),
            Expression.Assign(whenTrue, mask is null ? test : Call(nameof(LaneMath.And), mask, test)),
            Expression.Assign(whenFalse, mask is null ? notTest : Call(nameof(LaneMath.And), mask, notTest)),
        ]);
    }

    private ParameterExpression Temporary()
    {
        var t = Expression.Variable(Lane, "mask");
        locals.Add(t);
        return t;
    }

    private Expression Assign(BinaryExpression assign, ParameterExpression target, Expression? mask)
    {
        var lane = Declare(target);
        var right = Value(assign.Right, mask);
        var value = assign.NodeType switch
        {
            ExpressionType.Assign => right,
            ExpressionType.AddAssign => Expression.Add(lane, right),
            ExpressionType.SubtractAssign => Expression.Subtract(lane, right),
            ExpressionType.MultiplyAssign => Expression.Multiply(lane, right),
            ExpressionType.DivideAssign => Expression.Divide(lane, right),
            _ => throw new Unvectorizable(),
        };
        return Expression.Assign(lane, mask is null ? value : Call(nameof(LaneMath.Select), mask, value, lane));
    }

    private static bool IsAssignment(ExpressionType t) => t is ExpressionType.Assign or ExpressionType.AddAssign
        or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign;

    private Expression Value(Expression e, Expression? mask)
    {
        if (e.Type != typeof(double) && e.Type != typeof(bool)) throw new Unvectorizable();
        switch (e)
        {
            case ConstantExpression { Value: double d }:
                return Constant(d);
            case ConstantExpression { Value: bool b }:
                return Constant(b ? AllBits : 0.0);
            case DefaultExpression:
                return Constant(0.0);
            case ParameterExpression p:
                return variables.TryGetValue(p, out var lane) ? lane : throw new Unvectorizable();
            case MemberExpression m when e.Type == typeof(double) && IsInvariant(m):
                // A closure's variable, read once per block as the scalar program reads it once per call.
                var read = Expression.Variable(Lane, m.Member.Name);
                reads.Add(read);
                prologue.Add(Expression.Assign(read, Call(nameof(LaneMath.Broadcast), m)));
                return read;
            case UnaryExpression u:
                return Unary(u, mask);
            case BinaryExpression { Left: ParameterExpression target } assign when IsAssignment(assign.NodeType):
                return Expression.Block(Assign(assign, target, mask), Declare(target));
            case BinaryExpression b:
                return Binary(b, mask);
            case ConditionalExpression c:
                var (test, whenTrue, whenFalse, setup) = Split(c.Test, mask);
                return Expression.Block([.. setup, Call(nameof(LaneMath.Select), test, Value(c.IfTrue, whenTrue), Value(c.IfFalse, whenFalse))]);
            case BlockExpression block when block.Expressions.Count > 0:
                foreach (var v in block.Variables) Declare(v);
                return Expression.Block(block.Expressions.SkipLast(1).Select(s => Statement(s, mask)).Append(Value(block.Expressions[^1], mask)));
            case MethodCallExpression call:
                return Method(call, mask);
            default:
                throw new Unvectorizable();
        }
    }

    private Expression Unary(UnaryExpression u, Expression? mask) => u.NodeType switch
    {
        ExpressionType.Negate when u.Type == typeof(double) && u.Method is null => Call(nameof(LaneMath.Negate), Value(u.Operand, mask)),
        ExpressionType.UnaryPlus when u.Method is null => Value(u.Operand, mask),
        ExpressionType.Not when u.Type == typeof(bool) && u.Method is null => Call(nameof(LaneMath.Not), Value(u.Operand, mask)),
        ExpressionType.Convert when u.Operand.Type == u.Type => Value(u.Operand, mask),
        _ => throw new Unvectorizable(),
    };

    private Expression Binary(BinaryExpression b, Expression? mask)
    {
        if (b.Method is not null || b.Left.Type != b.Right.Type) throw new Unvectorizable();
        var left = Value(b.Left, mask);
        var right = Value(b.Right, mask);
        bool numbers = b.Left.Type == typeof(double);
        return b.NodeType switch
        {
            ExpressionType.Add when numbers => Expression.Add(left, right),
            ExpressionType.Subtract when numbers => Expression.Subtract(left, right),
            ExpressionType.Multiply when numbers => Expression.Multiply(left, right),
            ExpressionType.Divide when numbers => Expression.Divide(left, right),
            ExpressionType.Modulo when numbers => PerLane(Remainder, mask, left, right),
            ExpressionType.LessThan when numbers => Call(nameof(LaneMath.LessThan), left, right),
            ExpressionType.LessThanOrEqual when numbers => Call(nameof(LaneMath.LessThanOrEqual), left, right),
            ExpressionType.GreaterThan when numbers => Call(nameof(LaneMath.GreaterThan), left, right),
            ExpressionType.GreaterThanOrEqual when numbers => Call(nameof(LaneMath.GreaterThanOrEqual), left, right),
            ExpressionType.Equal => Call(numbers ? nameof(LaneMath.Equal) : nameof(LaneMath.SameMask), left, right),
            ExpressionType.NotEqual => Call(numbers ? nameof(LaneMath.NotEqual) : nameof(LaneMath.Xor), left, right),
            // Both sides of && and || are evaluated on every lane; they are pure here (no assignment reaches a
            // lane outside its mask, per-lane calls run only on the enclosing mask's lanes).
            ExpressionType.AndAlso or ExpressionType.And when !numbers => Call(nameof(LaneMath.And), left, right),
            ExpressionType.OrElse or ExpressionType.Or when !numbers => Call(nameof(LaneMath.Or), left, right),
            ExpressionType.ExclusiveOr when !numbers => Call(nameof(LaneMath.Xor), left, right),
            _ => throw new Unvectorizable(),
        };
    }

    private static readonly Func<double, double, double> Remainder = (a, b) => a % b;

    private Expression Method(MethodCallExpression call, Expression? mask)
    {
        var m = call.Method;
        if (!m.IsStatic || call.Arguments.Any(a => a.Type != typeof(double))) throw new Unvectorizable();
        var args = call.Arguments.Select(a => Value(a, mask)).ToArray();
        if (m.ReturnType == typeof(bool))
            return m.DeclaringType == typeof(double) && m.Name is nameof(double.IsNaN) or nameof(double.IsInfinity) or nameof(double.IsFinite)
                or nameof(double.IsPositiveInfinity) or nameof(double.IsNegativeInfinity) ? Call(m.Name, args) : throw new Unvectorizable();
        if (args.Length == 1 && Simd(m) is { } simd) return Call(simd, args);
        if (m.ReturnType != typeof(double) || m.ContainsGenericParameters || m.GetParameters().Any(p => p.ParameterType != typeof(double)))
            throw new Unvectorizable();
        return args.Length switch
        {
            1 => PerLane(m.CreateDelegate<Func<double, double>>(), mask, args),
            2 => PerLane(m.CreateDelegate<Func<double, double, double>>(), mask, args),
            3 => PerLane(m.CreateDelegate<Func<double, double, double, double>>(), mask, args),
            _ => throw new Unvectorizable(),
        };
    }

    private static string? Simd(MethodInfo m) => (m.DeclaringType, m.Name) switch
    {
        (var t, nameof(Math.Exp) or nameof(Math.Log) or nameof(Math.Sqrt) or nameof(Math.Abs) or nameof(Math.Sin)
            or nameof(Math.Cos) or nameof(Math.Tanh)) when t == typeof(Math) => m.Name,
        (var t, nameof(Ops.Sigmoid)) when t == typeof(Ops) => m.Name,
        _ => null,
    };

    /// <summary>A scalar method lane by lane, on the lanes of the enclosing mask only: an untaken side's call
    /// never runs (it might throw where the scalar program never calls it).</summary>
    private Expression PerLane(Delegate f, Expression? mask, params Expression[] args)
    {
        var method = typeof(LaneMath).GetMethods().Single(x => x.Name == nameof(LaneMath.PerLane) && x.GetParameters().Length == args.Length + 2);
        return Expression.Call(method, [Expression.Constant(f), mask ?? Constant(AllBits), .. args]);
    }

    private static bool IsInvariant(Expression e) => e switch
    {
        ConstantExpression => true,
        MemberExpression m => m.Expression is null || IsInvariant(m.Expression),
        _ => false,
    };

    private ParameterExpression Constant(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (!constants.TryGetValue(bits, out var v))
        {
            constants[bits] = v = Expression.Variable(Lane, "c");
            prologue.Add(Expression.Assign(v, Call(nameof(LaneMath.Broadcast), Expression.Constant(value))));
        }
        return v;
    }

    private static MethodCallExpression Call(string name, params Expression[] args) =>
        Expression.Call(typeof(LaneMath).GetMethod(name, [.. args.Select(a => a.Type)])!, args);


    private static bool IsValueTuple(Type t) => t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);
}
