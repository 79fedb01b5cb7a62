using System.Linq.Expressions;
using System.Reflection;
using Microsoft.FSharp.Core;

namespace ExprGrad.Tests.Normalize;

/// <summary>
/// The trees FSharp.Core's LeafExpressionConverter builds for F# operators (shapes recorded in
/// <see cref="FSharpOperatorRewriter"/>), rebuilt here by hand: after rewriting they must compute the same
/// values as System.Math and hold no FSharp.Core call. End-to-end gradients live in ExprGrad.FSharp.Tests.
/// </summary>
public class FSharpOperatorRewriterTests
{
    private static readonly ParameterExpression X = Expression.Parameter(typeof(double), "x");
    private static readonly ParameterExpression Y = Expression.Parameter(typeof(double), "y");

    /// <summary>The converter's <c>FuncConvert.ToFSharpFunc(Func)</c> overload is internal to FSharp.Core.</summary>
    private static readonly MethodInfo ToFSharpFunc = typeof(FuncConvert)
        .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Single(m => m.Name == "ToFSharpFunc" && m.GetParameters()[0].ParameterType.Name == "Func`2")
        .MakeGenericMethod(typeof(double), typeof(double));

    private static MethodInfo FSharpMethod(Type type, string name) =>
        type.GetMethods().Single(m => m.Name == name).MakeGenericMethodIfNeeded();

    /// <summary><c>Name$W(ToFSharpFunc(a =&gt; Name(a)), args…)</c>; witnesses of other types are passed as null,
    /// since the rewriter must drop them unread.</summary>
    private static Expression Witnessed(string name, params Expression[] args)
    {
        var method = FSharpMethod(typeof(Operators), name + "$W");
        var witnesses = method.GetParameters().Take(method.GetParameters().Length - args.Length).Select(p =>
            p.ParameterType == typeof(FSharpFunc<double, double>) ? RealWitness(name) : Expression.Default(p.ParameterType));
        return Expression.Call(method, [.. witnesses, .. args]);
    }

    private static Expression RealWitness(string name)
    {
        var a = Expression.Parameter(typeof(double), "arg0_0");
        var body = Expression.Call(FSharpMethod(typeof(Operators), name), a);
        return Expression.Call(ToFSharpFunc, Expression.Lambda<Func<double, double>>(body, a));
    }

    public static TheoryData<string, Func<double, double, double>> Cases() => new()
    {
        { "Sin", (x, y) => Math.Sin(x) }, { "Cos", (x, y) => Math.Cos(x) }, { "Tan", (x, y) => Math.Tan(x) },
        { "Asin", (x, y) => Math.Asin(x) }, { "Acos", (x, y) => Math.Acos(x) }, { "Atan", (x, y) => Math.Atan(x) },
        { "Sinh", (x, y) => Math.Sinh(x) }, { "Cosh", (x, y) => Math.Cosh(x) }, { "Tanh", (x, y) => Math.Tanh(x) },
        { "Exp", (x, y) => Math.Exp(x) }, { "Log", (x, y) => Math.Log(x) }, { "Log10", (x, y) => Math.Log10(x) },
        { "Sqrt", (x, y) => Math.Sqrt(x) }, { "Abs", (x, y) => Math.Abs(x) }, { "Floor", (x, y) => Math.Floor(x) },
        { "Ceiling", (x, y) => Math.Ceiling(x) }, { "Round", (x, y) => Math.Round(x) }, { "Truncate", (x, y) => Math.Truncate(x) },
        { "Sign", (x, y) => Math.Sign(x) }, { "Atan2", Math.Atan2 }, { "op_Exponentiation", Math.Pow },
        { "PowInteger", (x, y) => Math.Pow(x, 3) }, { "Max", Math.Max }, { "Min", Math.Min },
        { "op_UnaryPlus", (x, y) => x }, { "GetArray2D", (x, y) => y }, { "op_PipeRight", (x, y) => Math.Sin(x) },
    };

    private static Expression Build(string name) => name switch
    {
        "Atan2" or "op_Exponentiation" => Witnessed(name, X, Y),
        "PowInteger" => Witnessed(name, X, Expression.Constant(3)),
        "Max" or "Min" => Expression.Call(FSharpMethod(typeof(Operators), name), X, Y),
        "GetArray2D" => Expression.Call(FSharpMethod(typeof(LanguagePrimitives.IntrinsicFunctions), name),
            Expression.Constant(new double[,] { { 0 } }), Expression.Constant(0), Expression.Constant(0)),
        "op_PipeRight" => Expression.Call(FSharpMethod(typeof(Operators), name).GetGenericMethodDefinition()
            .MakeGenericMethod(typeof(double), typeof(double)), X, RealWitness("Sin")),
        "Sign" => Expression.Convert(Witnessed(name, X), typeof(double)),
        _ => Witnessed(name, X),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_operator_becomes_its_System_Math_form(string name, Func<double, double, double> reference)
    {
        var tree = Build(name);
        if (name == "GetArray2D") tree = Expression.Add(tree, Y);
        var rewritten = FSharpOperatorRewriter.Rewrite(tree);

        Assert.Empty(FSharpCoreCalls(rewritten));
        var f = Expression.Lambda<Func<double, double, double>>(rewritten, X, Y).Compile();
        foreach (var (x, y) in new[] { (0.3, 0.7), (-0.45, 1.9), (0.8, -2.5) })
            Assert.Equal(reference(x, y), f(x, y), 12);
    }

    [Fact]
    public void An_inner_function_bound_in_a_block_becomes_an_invocation()
    {
        var t = Expression.Parameter(typeof(double), "t");
        var sq = Expression.Parameter(typeof(FSharpFunc<double, double>), "sq");
        var invoke = typeof(FSharpFunc<double, double>).GetMethod("Invoke")!;
        var block = Expression.Block([sq],
            Expression.Assign(sq, Expression.Call(ToFSharpFunc, Expression.Lambda<Func<double, double>>(Expression.Multiply(t, t), t))),
            Expression.Add(Expression.Call(sq, invoke, X), Expression.Call(sq, invoke, Y)));

        var rewritten = FSharpOperatorRewriter.Rewrite(block);

        Assert.Empty(FSharpCoreCalls(rewritten));
        Assert.Equal(0.09 + 0.49, Expression.Lambda<Func<double, double, double>>(rewritten, X, Y).Compile()(0.3, 0.7), 12);
    }

    [Fact]
    public void A_tree_without_FSharp_calls_is_returned_unchanged()
    {
        Expression tree = Expression.Multiply(Expression.Call(typeof(Math).GetMethod("Sin", [typeof(double)])!, X), Y);
        Assert.Same(tree, FSharpOperatorRewriter.Rewrite(tree));
    }

    private static List<MethodInfo> FSharpCoreCalls(Expression e)
    {
        var found = new List<MethodInfo>();
        new CallCollector(found).Visit(e);
        return found.Where(m => m.DeclaringType!.Assembly == typeof(Operators).Assembly).ToList();
    }

    private sealed class CallCollector(List<MethodInfo> found) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            found.Add(node.Method);
            return base.VisitMethodCall(node);
        }
    }
}

internal static class MethodInfoExtensions
{
    public static MethodInfo MakeGenericMethodIfNeeded(this MethodInfo m) =>
        m.IsGenericMethodDefinition ? m.MakeGenericMethod(m.GetGenericArguments().Select(_ => typeof(double)).ToArray()) : m;
}
