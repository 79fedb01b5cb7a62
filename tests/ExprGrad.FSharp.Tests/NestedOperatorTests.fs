/// hessian, hessianv, gradhessian, laplacian, jacobian, jacobianv, jacobianTv, curl and div applied inside a
/// quotation: the value against a closed form derived by hand (in each case's comment), the gradient of the
/// enclosing function against central differences of that closed form. The inner function reads the outer
/// point as a constant where it names it (perturbation safety).
module ExprGrad.FSharp.Tests.NestedOperatorTests

open Xunit
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

type NestedCase =
    { Name: string
      Run: float[] -> float * float[]
      ClosedForm: float[] -> float }
    override c.ToString() = c.Name

let private case name (q: Quotations.Expr<float[] -> float>) closedForm = { Name = name; Run = valueAndGrad q; ClosedForm = closedForm }

let private cases =
    [ // f = u₀²u₁ + sin(u₂)u₀: ∂²f/∂u₀∂u₂ = cos u₂.
      case "hessian entry" <@ fun w -> w[1] * (hessian <@ fun (u: float[]) -> u[0] * u[0] * u[1] + sin u[2] * u[0] @> w)[0, 2] @> (fun w -> w[1] * cos w[2])
      // Δ(u₀²u₁ + u₂³ + w₀u₁²) = 2u₁ + 6u₂ + 2w₀, w₀ held constant inside.
      case "laplacian, reading the outer point" <@ fun w -> laplacian <@ fun (u: float[]) -> u[0] * u[0] * u[1] + u[2] * u[2] * u[2] + w[0] * u[1] * u[1] @> w @>
          (fun w -> 2.0 * w[1] + 6.0 * w[2] + 2.0 * w[0])
      // ∇·(u₀u₁, u₁u₂, sin(u₂u₀)) = u₁ + u₂ + u₀cos(u₂u₀).
      case "div" <@ fun w -> div <@ fun (u: float[]) -> [| u[0] * u[1]; u[1] * u[2]; sin (u[2] * u[0]) |] @> w @> (fun w -> w[1] + w[2] + w[0] * cos (w[2] * w[0]))
      // ∇×(u₁u₂, u₀², u₁u₂²) = (u₂², u₁, 2u₀ − u₂): its squared length.
      case "curl" <@ fun w -> let c = curl <@ fun (u: float[]) -> [| u[1] * u[2]; u[0] * u[0]; u[1] * u[2] * u[2] |] @> w in c[0] * c[0] + c[1] * c[1] + c[2] * c[2] @>
          (fun w -> pown (w[2] * w[2]) 2 + w[1] * w[1] + pown (2.0 * w[0] - w[2]) 2)
      // J of (u₀u₁, sin u₂) = [[u₁, u₀, 0], [0, 0, cos u₂]]: the squares of its non-zero entries.
      case "jacobian" <@ fun w -> let j = jacobian <@ fun (u: float[]) -> [| u[0] * u[1]; sin u[2] |] @> w in j[0, 0] * j[0, 0] + j[0, 1] * j[0, 1] + j[1, 2] * j[1, 2] + j[1, 0] @>
          (fun w -> w[1] * w[1] + w[0] * w[0] + cos w[2] * cos w[2])
      // vᵀHv for u₀²u₁ + u₂³ (H = [[2u₁, 2u₀, 0], [2u₀, 0, 0], [0, 0, 6u₂]]) at u = v = w: 6w₀²w₁ + 6w₂³.
      case "hessianv" <@ fun w -> let hv = hessianv <@ fun (u: float[]) -> u[0] * u[0] * u[1] + u[2] * u[2] * u[2] @> w w in hv[0] * w[0] + hv[1] * w[1] + hv[2] * w[2] @>
          (fun w -> 6.0 * w[0] * w[0] * w[1] + 6.0 * pown w[2] 3)
      // J·w for (u₀u₁, sin u₂) at u = w: (2w₀w₁, w₂cos w₂), summed.
      case "jacobianv" <@ fun w -> Array.sum (jacobianv <@ fun (u: float[]) -> [| u[0] * u[1]; sin u[2] |] @> w w) @> (fun w -> 2.0 * w[0] * w[1] + w[2] * cos w[2])
      // Jᵀ(w₀, w₁) = (u₁w₀, u₀w₀, w₁cos u₂) at u = w, summed.
      case "jacobianTv" <@ fun w -> Array.sum (jacobianTv <@ fun (u: float[]) -> [| u[0] * u[1]; sin u[2] |] @> w [| w[0]; w[1] |]) @>
          (fun w -> w[1] * w[0] + w[0] * w[0] + w[1] * cos w[2])
      // f = u₀u₁² + u₂: g₀ = u₁², H₁₁ = 2u₀.
      case "gradhessian" <@ fun w -> let g, h = gradhessian <@ fun (u: float[]) -> u[0] * u[1] * u[1] + u[2] @> w in g[0] * h[1, 1] @> (fun w -> 2.0 * w[0] * w[1] * w[1])
      // Σ_c Δ(c·u₀²u₁) over c = 1, 2: 3·2u₁, a nested operator inside Array.sumBy's lambda.
      case "laplacian inside a lambda" <@ fun w -> Array.sumBy (fun c -> laplacian <@ fun (u: float[]) -> c * u[0] * u[0] * u[1] @> w) [| 1.0; 2.0 |] @> (fun w -> 6.0 * w[1]) ]

type private Cases =
    static member Case() = Gen.elements cases |> Arb.fromGen

[<Property(MaxTest = 200, Replay = "(20261128,47)", Arbitrary = [| typeof<Generators>; typeof<Cases> |])>]
let ``nested vector operators match their closed forms and central differences`` (case: NestedCase) (Unit' a) (Unit' b) (Unit' c) =
    let w = [| a; 1.5 * b; c |]
    let value, gradient = case.Run w
    Assert.True(close (case.ClosedForm w) value, $"{case.Name} value at %A{w}: {value}, closed form {case.ClosedForm w}")
    assertClose $"{case.Name} gradient at %A{w}" (numericGradient case.ClosedForm w) gradient
