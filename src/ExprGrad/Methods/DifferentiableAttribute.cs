namespace ExprGrad;

/// <summary>
/// Marks a static method or a static local function whose body ExprGrad differentiates. The source generator
/// shipped in the ExprGrad package captures the body (statements, loops, locals, local arrays, calls to other
/// <c>[Differentiable]</c> methods) as an expression tree at build time and registers it, so a lambda passed to
/// <see cref="Grad"/> that calls the method is differentiated through it:
/// <code>[Differentiable] static double Sq(double v) =&gt; v * v;
/// var grad = Grad.Of((double x) =&gt; Sq(x) + x);</code>
/// Outside a gradient the method is an ordinary method. A rule registered with <see cref="Derivatives"/> for the
/// method takes precedence over its body.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
