using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    // The shared bodies of the Hessian and Jacobian overloads for 1–8 parameters of any supported type: each
    // works on the flat vector of the arguments (PointShape), through the double[] programs above, so the
    // generic overloads only box their arguments into an array.

    private static Func<object?[], double[,]> ShapedHessian(LambdaExpression f, GradientOptions? options)
    {
        var products = ShapedHessianVectorProducts(f, options);
        return args =>
        {
            var (x, hessianVector) = products.For(args);
            return FromProducts(x.Length, x.Length, byColumns: true, direction => hessianVector(x, direction));
        };
    }

    private static Func<object?[], double[], double[]> ShapedHessianVectorProduct(LambdaExpression f, GradientOptions? options)
    {
        var products = ShapedHessianVectorProducts(f, options);
        return (args, v) =>
        {
            var (x, hessianVector) = products.For(args);
            return hessianVector(x, v);
        };
    }

    private static ShapedPrograms<Func<double[], double[], double[]>> ShapedHessianVectorProducts(LambdaExpression f, GradientOptions? options)
    {
        PointShape.RequireFunction(f, vectorResult: false);
        var rules = RuleTable.Current;
        return new(f, vectorResult: false, flat => FlatHessianVectorProduct(flat, options, rules),
            flat => Pipeline.BuildGradient(flat, withValue: false, options, rules));
    }

    private static Func<object?[], double[,]> ShapedJacobian(LambdaExpression f, GradientOptions? options)
    {
        var rules = RuleTable.Current;
        var programs = VectorPrograms(f, options, rules, flat => FlatJacobian(flat, options, rules));
        return args =>
        {
            var (x, jacobian) = programs.For(args);
            return jacobian(x);
        };
    }

    private static Func<object?[], double[], double[]> ShapedJacobianVectorProduct(LambdaExpression f, GradientOptions? options)
    {
        var rules = RuleTable.Current;
        var programs = VectorPrograms(f, options, rules, flat => FlatJacobianVectorProduct(flat, options, rules));
        return (args, v) =>
        {
            var (x, product) = programs.For(args);
            return product(x, v);
        };
    }

    private static Func<object?[], double[], double[]> ShapedVectorJacobianProduct(LambdaExpression f, GradientOptions? options)
    {
        var rules = RuleTable.Current;
        var programs = VectorPrograms(f, options, rules, flat => FlatVectorJacobianProduct(flat, options, rules));
        return (args, seed) =>
        {
            var (x, product) = programs.For(args);
            return product(x, seed);
        };
    }

    private static ShapedPrograms<T> VectorPrograms<T>(LambdaExpression f, GradientOptions? options, RuleSet rules, Func<LambdaExpression, T> build)
    {
        PointShape.RequireFunction(f, vectorResult: true);
        return new(f, vectorResult: true, build, flat => Pipeline.BuildVectorProgram(flat, ProgramKind.Forward, options, rules));
    }
}
