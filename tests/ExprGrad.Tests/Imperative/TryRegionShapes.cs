using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Try regions built with the Expression API, each beside the same function written as plain C# (the reference:
/// a real try, run by .NET). The body writes an outer mutable and a local array, then throws at a point that the
/// threshold <c>x[3]</c> decides, so the writes that completed before the throw vary from point to point.
/// </summary>
public static class TryRegionShapes
{
    private static readonly System.Reflection.MethodInfo Sin = typeof(Math).GetMethod(nameof(Math.Sin), [typeof(double)])!;

    private static Expression Boom() => Throw(New(typeof(InvalidOperationException).GetConstructor([typeof(string)])!, Constant("boom")));

    /// <summary>
    /// <code>
    /// double s = x[0]; var a = new double[2];
    /// try { s = s * x[1]; a[0] = sin(x[0]); if (x[0] &gt; x[3]) throw; s = s * x[1]; a[1] = s * s; if (x[1] &gt; x[3]) throw;
    ///       s = s + a[0] * x[2]; return 2s + a[1]; }
    /// catch (InvalidOperationException) { return s + a[0] + a[1] * x[2]; }
    /// </code>
    /// </summary>
    public static Expression<Func<double[], double>> WritesThenThrows(Type caught)
    {
        var x = Parameter(typeof(double[]), "x");
        var s = Variable(typeof(double), "s");
        var a = Variable(typeof(double[]), "a");
        Expression X(int i) => ArrayIndex(x, Constant(i));
        Expression A(int i) => ArrayAccess(a, Constant(i));
        var body = Block(
            Assign(s, Multiply(s, X(1))),
            Assign(A(0), Call(Sin, X(0))),
            IfThen(GreaterThan(X(0), X(3)), Boom()),
            Assign(s, Multiply(s, X(1))),
            Assign(A(1), Multiply(s, s)),
            IfThen(GreaterThan(X(1), X(3)), Boom()),
            Assign(s, Add(s, Multiply(A(0), X(2)))),
            Add(Multiply(Constant(2.0), s), A(1)));
        var handler = Add(Add(s, A(0)), Multiply(A(1), X(2)));
        return Lambda<Func<double[], double>>(Block([s, a],
            Assign(s, X(0)),
            Assign(a, NewArrayBounds(typeof(double), Constant(2))),
            TryCatch(body, Catch(caught, handler))), x);
    }

    /// <summary>The plain C# of <see cref="WritesThenThrows"/>.</summary>
    public static double WritesThenThrowsReference(double[] x)
    {
        double s = x[0];
        var a = new double[2];
        try
        {
            s *= x[1];
            a[0] = Math.Sin(x[0]);
            if (x[0] > x[3]) throw new InvalidOperationException("boom");
            s *= x[1];
            a[1] = s * s;
            if (x[1] > x[3]) throw new InvalidOperationException("boom");
            s += a[0] * x[2];
            return 2 * s + a[1];
        }
        catch (InvalidOperationException)
        {
            return s + a[0] + a[1] * x[2];
        }
    }
}
