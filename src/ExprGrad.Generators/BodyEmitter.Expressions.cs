using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExprGrad.Generators;

internal sealed partial class BodyEmitter
{
    /// <summary>The tree of <paramref name="e"/> as the language converts it (implicitly, or to <paramref name="target"/>).</summary>
    private string Value(ExpressionSyntax e, ITypeSymbol? target = null)
    {
        var info = model.GetTypeInfo(e, token);
        var type = target ?? info.ConvertedType ?? info.Type;
        var constant = model.GetConstantValue(e, token);
        if (constant.HasValue && type is not null && Names.Literal(constant.Value, type) is { } literal)
            return CheckDouble(type, e.GetLocation(), e.ToString()) ? $"E.Constant({literal}, typeof({Names.Type(type)}))" : "E.Empty()";
        return Converted(Raw(e), info.Type, type);
    }

    private static string Converted(string code, ITypeSymbol? from, ITypeSymbol? to) =>
        from is null || to is null || SymbolEqualityComparer.Default.Equals(from, to) || !Names.IsNumeric(from) || !Names.IsNumeric(to)
            ? code : $"E.Convert({code}, typeof({Names.Type(to)}))";

    private string Raw(ExpressionSyntax e)
    {
        token.ThrowIfCancellationRequested();
        switch (e)
        {
            case ParenthesizedExpressionSyntax p:
                return Value(p.Expression);
            case IdentifierNameSyntax:
                var symbol = model.GetSymbolInfo(e, token).Symbol;
                return symbol is not null && names.TryGetValue(symbol, out var id) ? id
                    : Unsupported(e, $"reading '{e}'", "pass the value in as a parameter of the method");
            case MemberAccessExpressionSyntax { Name.Identifier.Text: "Length" } length
                when model.GetTypeInfo(length.Expression, token).Type is IArrayTypeSymbol { Rank: 1 }:
                return $"E.ArrayLength({Value(length.Expression)})";
            case BinaryExpressionSyntax b:
                return Binary(b);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return $"E.Negate({Value(u.Operand)})";
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryPlusExpression):
                return Value(u.Operand);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.LogicalNotExpression):
                return $"E.Not({Value(u.Operand)})";
            case ConditionalExpressionSyntax c:
                var type = model.GetTypeInfo(c, token).Type;
                return $"E.Condition({Value(c.Condition)}, {Value(c.WhenTrue, type)}, {Value(c.WhenFalse, type)}, typeof({Names.Type(type!)}))";
            case CastExpressionSyntax cast:
                var to = model.GetTypeInfo(cast.Type, token).Type;
                if (!CheckDouble(to, cast.Type.GetLocation(), cast.ToString())) return "E.Empty()";
                return $"E.Convert({Value(cast.Expression)}, typeof({Names.Type(to!)}))";
            case ElementAccessExpressionSyntax element when model.GetTypeInfo(element.Expression, token).Type is IArrayTypeSymbol:
                var indices = element.ArgumentList.Arguments.Select(a => Value(a.Expression)).ToArray();
                return indices.Length == 1
                    ? $"E.ArrayIndex({Value(element.Expression)}, {indices[0]})"
                    : $"E.ArrayIndex({Value(element.Expression)}, new E[] {{ {string.Join(", ", indices)} }})";
            case InvocationExpressionSyntax call:
                return Call(call);
            case LambdaExpressionSyntax lambda:
                return Lambda(lambda);
            case ArrayCreationExpressionSyntax creation:
                return NewArray(creation, creation.Type.ElementType, creation.Type.RankSpecifiers[0].Sizes, creation.Initializer);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return NewArray(implicitArray, null, default, implicitArray.Initializer);
            default:
                return Unsupported(e, $"the expression '{e}'", "use arithmetic, comparisons, ?:, array reads, System.Math, ExprGrad.Ops and [Differentiable] methods");
        }
    }

    private string Binary(BinaryExpressionSyntax b)
    {
        var factory = b.Kind() switch
        {
            SyntaxKind.AddExpression => "Add",
            SyntaxKind.SubtractExpression => "Subtract",
            SyntaxKind.MultiplyExpression => "Multiply",
            SyntaxKind.DivideExpression => "Divide",
            SyntaxKind.ModuloExpression => "Modulo",
            SyntaxKind.LessThanExpression => "LessThan",
            SyntaxKind.LessThanOrEqualExpression => "LessThanOrEqual",
            SyntaxKind.GreaterThanExpression => "GreaterThan",
            SyntaxKind.GreaterThanOrEqualExpression => "GreaterThanOrEqual",
            SyntaxKind.EqualsExpression => "Equal",
            SyntaxKind.NotEqualsExpression => "NotEqual",
            SyntaxKind.LogicalAndExpression => "AndAlso",
            SyntaxKind.LogicalOrExpression => "OrElse",
            _ => null,
        };
        return factory is null
            ? Unsupported(b, $"the operator {b.OperatorToken.Text}", "use arithmetic, comparisons, && and ||")
            : $"E.{factory}({Value(b.Left)}, {Value(b.Right)})";
    }

    /// <summary><c>new double[n]</c>, <c>new double[r, c]</c>, <c>new[] { a, b }</c>, <c>new double[] { a, b }</c>.</summary>
    private string NewArray(ExpressionSyntax node, TypeSyntax? elementSyntax, SeparatedSyntaxList<ExpressionSyntax> sizes, InitializerExpressionSyntax? initializer)
    {
        if (model.GetTypeInfo(node, token).Type is not IArrayTypeSymbol array) return Unsupported(node, "this array", "create double[] or double[,] arrays");
        if (!CheckDouble(array, (elementSyntax ?? (SyntaxNode)node).GetLocation(), node.ToString())) return "E.Empty()";
        var element = Names.Type(array.ElementType);
        if (initializer is not null)
        {
            if (array.Rank != 1) return Unsupported(node, "a multi-dimensional array initializer", "create the array with new double[r, c] and assign its elements");
            return $"E.NewArrayInit(typeof({element}), new E[] {{ {string.Join(", ", initializer.Expressions.Select(x => Value(x, array.ElementType)))} }})";
        }
        return $"E.NewArrayBounds(typeof({element}), new E[] {{ {string.Join(", ", sizes.Select(s => Value(s)))} }})";
    }

    private string Lambda(LambdaExpressionSyntax lambda)
    {
        if (model.GetTypeInfo(lambda, token).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke } delegateType)
            return Unsupported(lambda, "this lambda", "pass lambdas only where a delegate is expected");
        if (invoke.ReturnsVoid) return Unsupported(lambda, "a lambda that returns nothing", "return the lambda's value");
        var parameters = new List<string>();
        var symbol = (IMethodSymbol?)model.GetSymbolInfo(lambda, token).Symbol;
        foreach (var p in symbol?.Parameters ?? [])
            parameters.Add(Declare(p, "E.Parameter", p.Type, p.Name));
        // A statement body is captured as a method body is; the core lowers its returns where it inlines the method.
        var body = lambda.Body is BlockSyntax block ? Body(block, invoke.ReturnType) : Value((ExpressionSyntax)lambda.Body, invoke.ReturnType);
        return $"E.Lambda<{Names.Type(delegateType)}>({body}, new PE[] {{ {string.Join(", ", parameters)} }})";
    }

    /// <summary>A lambda literal invoked where it stands, <c>((Func&lt;double&gt;)(() =&gt; { … }))()</c>: the
    /// core inlines the invocation, so it is the lambda's body with the arguments bound.</summary>
    private string? InvokedLambda(InvocationExpressionSyntax call, IMethodSymbol target)
    {
        if (target.MethodKind != MethodKind.DelegateInvoke) return null;
        var callee = call.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Invoke" } access ? access.Expression : call.Expression;
        while (callee is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            callee = callee is ParenthesizedExpressionSyntax p ? p.Expression : ((CastExpressionSyntax)callee).Expression;
        if (callee is not LambdaExpressionSyntax lambda) return null;
        var arguments = call.ArgumentList.Arguments.Select((a, i) => Value(a.Expression, target.Parameters[i].Type));
        return $"E.Invoke({Lambda(lambda)}, new E[] {{ {string.Join(", ", arguments)} }})";
    }

    private string Call(InvocationExpressionSyntax call)
    {
        if (model.GetSymbolInfo(call, token).Symbol is not IMethodSymbol target)
            return Unsupported(call, $"the call '{call.Expression}'", "call static methods");
        if (call.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0 || a.NameColon is not null))
            return Unsupported(call, "ref, out or named arguments", "pass every argument by value, in order");
        var receiver = call.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
        if (InvokedLambda(call, target) is { } invoked) return invoked;
        if (!target.IsStatic && target.ReducedFrom is null)
        {
            if (target.Name == "GetLength" && receiver is not null && model.GetTypeInfo(receiver, token).Type is IArrayTypeSymbol)
                return $"E.Call({Value(receiver)}, typeof(global::System.Array).GetMethod(\"GetLength\"), {Value(call.ArgumentList.Arguments[0].Expression)})";
            return Unsupported(call, $"a call to the instance method '{target.Name}'", "call static methods, or [Differentiable] static methods of your own");
        }
        var definition = Unreduced(target);
        var arguments = new List<string>();
        var parameters = definition.Parameters;
        int offset = 0;
        if (target.ReducedFrom is not null)
        {
            arguments.Add(Value(receiver!, parameters[0].Type));
            offset = 1;
        }
        var given = call.ArgumentList.Arguments;
        if (given.Count + offset != parameters.Length)
            return Unsupported(call, "optional or params arguments", "pass every argument explicitly");
        for (int i = 0; i < given.Count; i++) arguments.Add(Value(given[i].Expression, parameters[i + offset].Type));
        if (!MethodReferences.IsBuiltIn(definition) && !MethodReferences.IsDifferentiable(definition))
            Report(Generators.Diagnostics.UnknownMethod, call.GetLocation(), definition.ContainingType.Name + "." + definition.Name);
        var reference = MethodReferences.Of(definition);
        return arguments.Count == 0 ? $"E.Call({reference})" : $"E.Call({reference}, {string.Join(", ", arguments)})";
    }

    /// <summary>An extension method called as <c>xs.Sum(f)</c> is the static method <c>Enumerable.Sum(xs, f)</c>, its type
    /// arguments those inferred from the receiver and those of the call.</summary>
    private static IMethodSymbol Unreduced(IMethodSymbol target)
    {
        if (target.ReducedFrom is not { } from) return target;
        if (!from.IsGenericMethod) return from;
        var given = new Dictionary<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default);
        for (int i = 0; i < target.TypeParameters.Length; i++)
            if (target.TypeParameters[i].ReducedFrom is { } original) given[original] = target.TypeArguments[i];
        var arguments = from.TypeParameters.Select(tp => target.GetTypeInferredDuringReduction(tp) ?? given[tp]).ToArray();
        return from.Construct(arguments);
    }
}
