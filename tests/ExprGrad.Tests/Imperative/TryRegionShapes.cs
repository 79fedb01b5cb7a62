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

/// <summary>Try regions with a filter, a rethrow, a finally block, a loop in the body, and one inside a loop.</summary>
public static class TryRegionForms
{
    /// <summary>How many times a cleanup ran: an effect the gradient cannot fold away.</summary>
    public static int Cleanups;

    /// <summary>Counts a cleanup; returns the count so the core keeps it as a value computed for its effect.</summary>
    public static int Cleanup() => Interlocked.Increment(ref Cleanups);

    private static readonly System.Reflection.ConstructorInfo Invalid = typeof(InvalidOperationException).GetConstructor([typeof(string)])!;

    private static Expression X(ParameterExpression x, int i) => ArrayIndex(x, Constant(i));

    /// <summary><c>s = x0; try { s = s·x1; if (x0 &gt; 1) throw; return s·s; } catch (InvalidOperationException) when (x2 &gt; 0) { return s + x2; }</c></summary>
    public static Expression<Func<double[], double>> Filtered()
    {
        var x = Parameter(typeof(double[]), "x");
        var s = Variable(typeof(double), "s");
        var e = Variable(typeof(InvalidOperationException), "e");
        return Lambda<Func<double[], double>>(Block([s],
            Assign(s, X(x, 0)),
            TryCatch(
                Block(Assign(s, Multiply(s, X(x, 1))), IfThen(GreaterThan(X(x, 0), Constant(1.0)), Throw(New(Invalid, Constant("big")))), Multiply(s, s)),
                MakeCatchBlock(typeof(InvalidOperationException), e, Add(s, X(x, 2)), GreaterThan(X(x, 2), Constant(0.0))))), x);
    }

    /// <summary>As <see cref="Filtered"/> without the filter; the handler writes s, then rethrows when x2 &lt; 0.</summary>
    public static Expression<Func<double[], double>> Rethrowing()
    {
        var x = Parameter(typeof(double[]), "x");
        var s = Variable(typeof(double), "s");
        return Lambda<Func<double[], double>>(Block([s],
            Assign(s, X(x, 0)),
            TryCatch(
                Block(Assign(s, Multiply(s, X(x, 1))), IfThen(GreaterThan(X(x, 0), Constant(1.0)), Throw(New(Invalid, Constant("big")))), Multiply(s, s)),
                Catch(typeof(InvalidOperationException), Block(
                    Assign(s, Multiply(s, X(x, 2))),
                    IfThen(LessThan(X(x, 2), Constant(0.0)), Rethrow()),
                    Add(s, X(x, 2)))))), x);
    }

    /// <summary><c>s = x0; try { s = s·x1; if (x0 &gt; 1) throw; return s·s; } [catch (InvalidOperationException) { return s + x1; }] finally { Cleanup(); }</c></summary>
    public static Expression<Func<double[], double>> WithCleanup(bool handled)
    {
        var x = Parameter(typeof(double[]), "x");
        var s = Variable(typeof(double), "s");
        var body = Block(Assign(s, Multiply(s, X(x, 0))), IfThen(GreaterThan(X(x, 0), Constant(1.0)), Throw(New(Invalid, Constant("big")))), Multiply(s, s));
        var cleanup = Call(typeof(TryRegionForms).GetMethod(nameof(Cleanup))!);
        Expression region = handled
            ? TryCatchFinally(body, cleanup, Catch(typeof(InvalidOperationException), Add(s, X(x, 1))))
            : TryFinally(body, cleanup);
        return Lambda<Func<double[], double>>(Block([s], Assign(s, X(x, 1)), region), x);
    }

    /// <summary><c>s = 1; try { for (i = 0; i &lt; (int)x1; i++) s = s·x0 + x[i]; return s; } catch (IndexOutOfRangeException) { return −s; }</c>:
    /// the loop throws when it reads past the array, after it has written s.</summary>
    public static Expression<Func<double[], double>> LoopInBody()
    {
        var x = Parameter(typeof(double[]), "x");
        var (s, i) = (Variable(typeof(double), "s"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var loop = Block(Assign(i, Constant(0)), Loop(Block(
            IfThen(GreaterThanOrEqual(i, Convert(X(x, 1), typeof(int))), Break(exit)),
            Assign(s, Add(Multiply(s, X(x, 0)), ArrayIndex(x, i))),
            PreIncrementAssign(i)), exit));
        return Lambda<Func<double[], double>>(Block([s, i],
            Assign(s, Constant(1.0)),
            TryCatch(Block(loop, s), Catch(typeof(IndexOutOfRangeException), Negate(s)))), x);
    }

    /// <summary><c>acc = 0; for (i = 0; i &lt; n; i++) acc += try { if (x[i] &gt; 1) throw; x[i]·x[i] } catch { 3·x[i] };</c></summary>
    public static Expression<Func<double[], double>> InsideALoop()
    {
        var x = Parameter(typeof(double[]), "x");
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var xi = ArrayIndex(x, i);
        var term = TryCatch(
            Block(IfThen(GreaterThan(xi, Constant(1.0)), Throw(New(Invalid, Constant("big")))), Multiply(xi, xi)),
            Catch(typeof(InvalidOperationException), Multiply(Constant(3.0), xi)));
        return Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(i, ArrayLength(x)), Break(exit)),
                AddAssign(acc, term),
                PreIncrementAssign(i)), exit),
            acc), x);
    }
}
