using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.CompileLargeMethodsInTiers"/>: a program <see cref="MethodSplitter"/> would split is
/// first compiled whole, which the JIT does without optimizing (it is past the JIT's size limits) and in about a
/// third of the time it takes to optimize the parts, and is split and compiled optimized only when it is called
/// again and again — as the runtime compiles ordinary methods in tiers. Both tiers are the same program, so
/// they compute the same values bit for bit; the first calls run slower and allocate the whole method's spill space.
/// </summary>
internal static class TieredMethod
{
    /// <summary>The lambda calling <paramref name="whole"/>, compiled now, until the call numbered
    /// <paramref name="calls"/>, which compiles <paramref name="optimized"/> (null: keep the whole method) and calls it from then on.</summary>
    public static LambdaExpression Wrap(LambdaExpression whole, Func<LambdaExpression?> optimized, int calls)
    {
        var holder = (ITier)Activator.CreateInstance(typeof(Tiers<>).MakeGenericType(whole.Type), whole, optimized, calls)!;
        var current = Expression.Call(Expression.Constant(holder), holder.GetType().GetMethod(nameof(Tiers<Action>.Next))!);
        return Expression.Lambda(whole.Type, Expression.Invoke(current, whole.Parameters), whole.Name, whole.Parameters);
    }

    private interface ITier;

    private sealed class Tiers<TDelegate> : ITier where TDelegate : Delegate
    {
        private TDelegate current;
        private Func<LambdaExpression?>? optimized;
        private int calls;

        public Tiers(LambdaExpression whole, Func<LambdaExpression?> optimized, int calls)
        {
            current = (TDelegate)whole.Compile();
            this.optimized = optimized;
            this.calls = calls;
        }

        /// <summary>The delegate to call; the call that reaches the count compiles the optimized tier first. Calls on
        /// other threads meanwhile use the whole method, which computes the same.</summary>
        public TDelegate Next()
        {
            if (optimized is not null && Interlocked.Decrement(ref calls) == 0)
            {
                var program = optimized();
                if (program is not null) Volatile.Write(ref current, (TDelegate)program.Compile());
                optimized = null;
            }
            return Volatile.Read(ref current);
        }
    }
}
