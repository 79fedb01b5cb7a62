using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// <see cref="HessianVectorProduct(Expression{Func{double[], double}}, GradientOptions?)"/> into a caller's buffer:
    /// the same numbers, bit for bit, with no array allocated per call when the function's intermediates are scalars
    /// (straight-line code, sums and loops over scalars).
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, v, result)</c> writing H(x)·v into <c>result</c>, which must have x's length and be
    /// neither x nor v (<see cref="ArgumentException"/> otherwise).</returns>
    public static Action<double[], double[], double[]> HessianVectorProductInto(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        FlatHessianVectorProductInto(f, options, RuleTable.Current);

    private static Action<double[], double[], double[]> FlatHessianVectorProductInto(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var product = HessianVectorProductIntoCore(f, options, rules);
        return (x, v, result) =>
        {
            CheckedDirection(Checked(x), v);
            CheckResult(result, x.Length);
            Distinct(result, x, v);
            product(x, v, result);
        };
    }

    /// <summary>
    /// <see cref="Hessian(Expression{Func{double[], double}}, GradientOptions?)"/> into a caller's n×n buffer: the same
    /// numbers, bit for bit (one H·eₖ per column), with no array allocated per call when the function's
    /// intermediates are scalars.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, result)</c> writing the n×n Hessian at x into <c>result</c>.</returns>
    public static Action<double[], double[,]> HessianInto(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        FlatHessianInto(f, options, RuleTable.Current);

    private static Action<double[], double[,]> FlatHessianInto(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var product = HessianVectorProductIntoCore(f, options, rules);
        var pool = new ScratchPool(2);
        return (x, result) =>
        {
            int n = Checked(x).Length;
            CheckResult(result, n, n);
            var scratch = pool.Rent();
            var (basis, column) = (scratch.Zeroed(0, n), scratch.Array(1, n));
            for (int k = 0; k < n; k++)
            {
                basis[k] = 1;
                product(x, basis, column);
                basis[k] = 0;
                for (int j = 0; j < n; j++) result[j, k] = column[j];
            }
            pool.Return(scratch);
        };
    }

    /// <summary>
    /// H·v into <c>result</c> (checked by the caller) as the tangent of the program writing the gradient into a buffer:
    /// its gradient buffer is scratch, and the buffer's tangent is the caller's array, so nothing is allocated beyond
    /// what the function's own intermediates need.
    /// </summary>
    private static Action<double[], double[], double[]> HessianVectorProductIntoCore(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        // The options of HessianVectorProduct, whose arithmetic this repeats (see FlatHessianVectorProduct).
        var plainScans = (options ?? GradientOptions.Default) with { Checkpointing = false, ReuseTrails = false, WriteArraysInPlace = false };
        var into = Pipeline.Build(Pipeline.RequireScalarFunction(f, ProgramKind.IntoBuffers), ProgramKind.IntoBuffers, plainScans, rules);
        var tangent = (Func<double[], double[], double[], double[], (double, double)>)TangentTransformer.Transform(into, rules, plainScans).Compile();
        var pool = new ScratchPool(1);
        return (x, v, result) =>
        {
            var scratch = pool.Rent();
            // The buffer's tangent starts as that of whatever the buffer held, a constant: zero.
            Array.Clear(result);
            tangent(x, scratch.Array(0, x.Length), v, result);
            pool.Return(scratch);
        };
    }

    /// <summary><see cref="JacobianVectorProduct(Expression{Func{double[], double[]}}, GradientOptions?)"/> into a caller's
    /// buffer: the same numbers, bit for bit, with nothing allocated per call when f builds its output as
    /// <c>new[] { … }</c> from scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, v, result)</c> writing J(x)·v into <c>result</c>, which must have the output's length
    /// and be neither x nor v (<see cref="ArgumentException"/> otherwise).</returns>
    public static Action<double[], double[], double[]> JacobianVectorProductInto(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatJacobianVectorProductInto(f, options, RuleTable.Current);

    private static Action<double[], double[], double[]> FlatJacobianVectorProductInto(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var tangent = ForwardIntoTangent(f, options, rules);
        var pool = new ScratchPool(1);
        return (x, v, result) =>
        {
            CheckedDirection(Checked(x), v);
            ArgumentNullException.ThrowIfNull(result);
            Distinct(result, x, v);
            var scratch = pool.Rent();
            tangent(x, scratch.Array(0, result.Length), v, result);
            pool.Return(scratch);
        };
    }

    /// <summary>
    /// (x, output, ẋ, result) =&gt; J·ẋ written into result: the tangent of the forward program writing f's output
    /// into a buffer (scratch of the result's length, which the program checks against the output's).
    /// </summary>
    private static Func<double[], double[], double[], double[], (double, double)> ForwardIntoTangent(LambdaExpression f, GradientOptions? options, RuleSet rules) =>
        (Func<double[], double[], double[], double[], (double, double)>)TangentTransformer.Transform(
            Pipeline.Build(Pipeline.RequireVectorFunction(f), ProgramKind.ForwardInto, options, rules), rules, options).Compile();

    /// <summary><see cref="VectorJacobianProduct(Expression{Func{double[], double[]}}, GradientOptions?)"/> into a caller's
    /// buffer: the reverse sweep accumulates x's adjoint in it directly.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, ȳ, result)</c> writing ȳᵀ·J(x) into <c>result</c>, which must have x's length and be
    /// neither x nor ȳ (<see cref="ArgumentException"/> otherwise).</returns>
    public static Action<double[], double[], double[]> VectorJacobianProductInto(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatVectorJacobianProductInto(f, options, RuleTable.Current);

    private static Action<double[], double[], double[]> FlatVectorJacobianProductInto(LambdaExpression f, GradientOptions? options, RuleSet rules) =>
        (Action<double[], double[], double[]>)Pipeline.Build(Pipeline.RequireVectorFunction(f), ProgramKind.VectorJacobianProductInto, options, rules,
            typeof(Action<double[], double[], double[]>), compiled: true).Compile();

    /// <summary>
    /// <see cref="Jacobian(Expression{Func{double[], double[]}}, GradientOptions?)"/> into a caller's m×n buffer, the
    /// same numbers bit for bit. The buffer's rows give the number of outputs, so the function is not evaluated once
    /// more to learn it (the first product checks it); the mode is chosen by shape as for <c>Jacobian</c>.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, result)</c> writing the m×n Jacobian at x into <c>result</c> (rows are outputs).</returns>
    public static Action<double[], double[,]> JacobianInto(Expression<Func<double[], double[]>> f, GradientOptions? options = null) =>
        FlatJacobianInto(f, options, RuleTable.Current);

    private static Action<double[], double[,]> FlatJacobianInto(LambdaExpression f, GradientOptions? options, RuleSet rules)
    {
        var forward = Pipeline.BuildVectorProgram(f, ProgramKind.Forward, options, rules);
        var value = new Lazy<Func<double[], double[]>>(() => (Func<double[], double[]>)forward.Compile());
        var tangent = new Lazy<Func<double[], double[], double[], double[], (double, double)>>(() => ForwardIntoTangent(f, options, rules));
        var adjoint = new Lazy<Action<double[], double[], double[]>>(() => FlatVectorJacobianProductInto(f, options, rules));
        var pool = new ScratchPool(3);
        return (x, result) =>
        {
            int n = Checked(x).Length;
            ArgumentNullException.ThrowIfNull(result);
            int m = result.GetLength(0);
            CheckResult(result, m, n);
            // With no product to run, only the function itself can say whether the rows are right.
            if (m == 0 || n == 0)
            {
                CheckResult(result, value.Value(x).Length, n);
                return;
            }
            var scratch = pool.Rent();
            if (n <= m)
            {
                var (basis, values, column) = (scratch.Zeroed(0, n), scratch.Array(1, m), scratch.Array(2, m));
                for (int k = 0; k < n; k++)
                {
                    basis[k] = 1;
                    tangent.Value(x, values, basis, column);
                    basis[k] = 0;
                    for (int i = 0; i < m; i++) result[i, k] = column[i];
                }
            }
            else
            {
                var (seed, row) = (scratch.Zeroed(0, m), scratch.Array(1, n));
                for (int i = 0; i < m; i++)
                {
                    seed[i] = 1;
                    try
                    {
                        adjoint.Value(x, seed, row);
                    }
                    catch (ArgumentException e) when (e.ParamName == "seed")
                    {
                        throw new ArgumentException($"The result buffer has {m} rows but the function has another number of outputs.", nameof(result), e);
                    }
                    seed[i] = 0;
                    for (int j = 0; j < n; j++) result[i, j] = row[j];
                }
            }
            pool.Return(scratch);
        };
    }

    /// <summary>Whether <paramref name="result"/> has <paramref name="length"/> elements; null is checked before.</summary>
    private static void CheckResult(double[] result, int length)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Length != length)
            throw new ArgumentException($"The result buffer has {result.Length} elements but the result has {length}.", nameof(result));
    }

    private static void CheckResult(double[,] result, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetLength(0) != rows || result.GetLength(1) != columns)
            throw new ArgumentException(
                $"The result buffer is {result.GetLength(0)}×{result.GetLength(1)} but the result is {rows}×{columns}.", nameof(result));
    }

    /// <summary>A result written while x and v are still being read must be neither of them.</summary>
    private static void Distinct(double[] result, double[] x, double[] v)
    {
        GradientBuffers.Distinct(result, x, nameof(result), nameof(x));
        GradientBuffers.Distinct(result, v, nameof(result), nameof(v));
    }
}
