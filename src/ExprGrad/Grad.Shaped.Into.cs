using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    // The shared bodies of the Into overloads for 1–8 parameters of any supported type: the flat programs of
    // Grad.Into.cs, one per shape of the arguments (ShapedPrograms), fed the arguments flattened into a new point.
    // That point and the boxed arguments are allocated per call, unlike the double[] forms.

    private static Action<object?[], double[], double[]> ShapedProductInto(LambdaExpression f, GradientOptions? options, bool vectorResult,
        Func<LambdaExpression, GradientOptions?, RuleSet, Action<double[], double[], double[]>> flat)
    {
        var programs = ShapedIntoPrograms(f, options, vectorResult, flat);
        return (args, v, result) =>
        {
            var (x, product) = programs.For(args);
            NotAnArgument(result, args);
            product(x, v, result);
        };
    }

    private static Action<object?[], double[,]> ShapedMatrixInto(LambdaExpression f, GradientOptions? options, bool vectorResult,
        Func<LambdaExpression, GradientOptions?, RuleSet, Action<double[], double[,]>> flat)
    {
        var programs = ShapedIntoPrograms(f, options, vectorResult, flat);
        return (args, result) =>
        {
            var (x, into) = programs.For(args);
            into(x, result);
        };
    }

    private static ShapedPrograms<T> ShapedIntoPrograms<T>(LambdaExpression f, GradientOptions? options, bool vectorResult,
        Func<LambdaExpression, GradientOptions?, RuleSet, T> flat)
    {
        var rules = RuleTable.Current;
        if (vectorResult) return VectorPrograms(f, options, rules, g => flat(g, options, rules));
        PointShape.RequireFunction(f, vectorResult: false);
        return new(f, vectorResult: false, g => flat(g, options, rules), g => Pipeline.BuildGradient(g, withValue: false, options, rules));
    }

    /// <summary>The flat point is a copy, but a result that is one of the arguments would still overwrite the caller's point.</summary>
    private static void NotAnArgument(double[]? result, object?[] args)
    {
        for (int i = 0; i < args.Length; i++)
            if (ReferenceEquals(result, args[i]))
                throw new ArgumentException($"The result buffer is the same array as argument {i + 1}; pass a separate array.", nameof(result));
    }
}
