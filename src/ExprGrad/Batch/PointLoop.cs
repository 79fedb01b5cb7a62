using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The fallback of batch mode: the scalar value-and-gradient delegate (<c>Grad.ValueAndGradient</c>'s, so the
/// same numbers bit for bit) called once per row. Any program Grad.Of accepts runs this way.
/// </summary>
internal sealed class PointLoop
{
    private delegate double Row(double[,] points, int row, double[,] gradients);

    private readonly Row row;

    private PointLoop(Row row) => this.row = row;

    /// <summary>Rows <paramref name="first"/> to <paramref name="end"/> (exclusive); values skipped when null.</summary>
    public void Run(double[,] points, int first, int end, double[]? values, double[,] gradients)
    {
        for (int i = first; i < end; i++)
        {
            double value = row(points, i, gradients);
            if (values is not null) values[i] = value;
        }
    }

    /// <summary>A function of one double[]: each row copied into a point array of the row's length.</summary>
    public static PointLoop ForArray(Expression<Func<double[], double>> f, GradientOptions? options)
    {
        var valueAndGradient = Pipeline.Compile<Func<double[], (double Value, double[] Gradient)>>(f, ProgramKind.ValueAndGradient, options);
        return new PointLoop((points, i, gradients) =>
        {
            int n = points.GetLength(1);
            // A fresh point per row: the function may keep or write its argument, as it may under Grad.Of.
            var x = new double[n];
            for (int j = 0; j < n; j++) x[j] = points[i, j];
            var (value, gradient) = valueAndGradient(x);
            for (int j = 0; j < n; j++) gradients[i, j] = gradient[j];
            return value;
        });
    }

    /// <summary>A function of k doubles: (points, i, G) =&gt; { var r = vg(points[i, 0], …); G[i, j] = r.Gradient.j…; return r.Value; }.</summary>
    public static PointLoop ForScalars(LambdaExpression f, GradientOptions? options)
    {
        int k = f.Parameters.Count;
        var gradientType = ValueTuples.TypeOf([.. Enumerable.Repeat(typeof(double), k)]);
        var resultType = typeof(ValueTuple<,>).MakeGenericType(typeof(double), gradientType);
        var delegateType = Expression.GetFuncType([.. Enumerable.Repeat(typeof(double), k), resultType]);
        var valueAndGradient = Pipeline.Build(f, ProgramKind.ValueAndGradient, options, delegateType: delegateType, compiled: true).Compile();

        var points = Expression.Parameter(typeof(double[,]), "points");
        var i = Expression.Parameter(typeof(int), "i");
        var gradients = Expression.Parameter(typeof(double[,]), "gradients");
        var result = Expression.Variable(resultType, "result");
        var gradient = Expression.Field(result, "Item2");
        var body = new List<Expression>
        {
            Expression.Assign(result, Expression.Invoke(Expression.Constant(valueAndGradient),
                Enumerable.Range(0, k).Select(j => Expression.ArrayIndex(points, i, Expression.Constant(j))))),
        };
        for (int j = 0; j < k; j++)
            body.Add(Expression.Assign(Expression.ArrayAccess(gradients, i, Expression.Constant(j)),
                k == 1 ? gradient : ValueTuples.Item(gradient, j)));
        body.Add(Expression.Field(result, "Item1"));
        return new PointLoop(Expression.Lambda<Row>(Expression.Block([result], body), points, i, gradients).Compile());
    }
}
