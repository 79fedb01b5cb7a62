using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>The symbol a circuit diagram draws in each gate, as the notes write them.</summary>
internal static class GateSymbols
{
    public static string Of(ExpressionType type) => type switch
    {
        ExpressionType.Add or ExpressionType.AddChecked => "+",
        ExpressionType.Subtract or ExpressionType.SubtractChecked => "−",
        ExpressionType.Multiply or ExpressionType.MultiplyChecked => "*",
        ExpressionType.Divide => "/",
        ExpressionType.Modulo => "%",
        ExpressionType.Power => "pow",
        ExpressionType.Negate or ExpressionType.NegateChecked => "*-1",
        _ => type.ToString(),
    };

    public static string Of(MethodInfo method) => method.Name switch
    {
        "Sigmoid" => "σ",
        "Sqrt" => "√",
        "Exp" or "Log" or "Max" or "Min" or "Abs" or "Tanh" or "Sin" or "Cos" or "Tan" or "Relu" or "Pow" =>
            method.Name.ToLowerInvariant(),
        _ => method.Name.Length <= 5 ? method.Name.ToLowerInvariant() : method.Name[..5].ToLowerInvariant(),
    };

    /// <summary>The reciprocal gets its own gate, <c>1/x</c>, as in the notes' sigmoid circuit.</summary>
    public const string Reciprocal = "1/x";
}
