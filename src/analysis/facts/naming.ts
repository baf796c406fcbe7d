// Names function units the way a user reads them (DESIGN.md): the declaration name,
// `Class.method`, the variable of `const f = () => …`, the key of an object-literal method.
import * as ts from 'typescript';
// Plain locals: a bundled CommonJS `ts` namespace reads every member through a getter.
const { SyntaxKind, canHaveModifiers, getModifiers, isArrowFunction, isAsExpression, isBinaryExpression, isClassLike, isComputedPropertyName, isConstructorDeclaration, isElementAccessExpression, isExportAssignment, isExpressionStatement, isFunctionDeclaration, isFunctionExpression, isGetAccessor, isIdentifier, isMethodDeclaration, isNoSubstitutionTemplateLiteral, isNonNullExpression, isNumericLiteral, isParenthesizedExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isSatisfiesExpression, isSetAccessor, isStringLiteral, isStringLiteralLike, isTypeAssertionExpression, isVariableDeclaration, isVariableStatement } = ts;

export interface UnitNaming {
  name: string;
  /** The identifier (or keyword) to anchor hovers and code lenses on. */
  nameNode: ts.Node;
  /** The statement or member whose leading comments may hold a `@workload` pragma. */
  declNode: ts.Node;
  className?: string;
}

export function propertyKeyText(name: ts.PropertyName | ts.BindingName): string {
  if (isIdentifier(name) || isPrivateIdentifier(name)) return name.text;
  if (isStringLiteral(name) || isNumericLiteral(name) || isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (isComputedPropertyName(name)) {
    const expr = name.expression;
    if (isStringLiteralLike(expr) || isNumericLiteral(expr)) return expr.text;
    if (isPropertyAccessExpression(expr) && isIdentifier(expr.expression)) return `[${expr.expression.text}.${expr.name.text}]`;
    if (isIdentifier(expr)) return `[${expr.text}]`;
    return '[computed]';
  }
  return '<pattern>';
}

/** The name a class's members are prefixed with (`Class.method`). */
export function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const parent = skipWrappers(node.parent);
  if (isVariableDeclaration(parent) && isIdentifier(parent.name)) return parent.name.text;
  if (node.modifiers?.some((m) => m.kind === SyntaxKind.DefaultKeyword)) return 'default';
  return '<anonymous class>';
}

function skipWrappers(node: ts.Node): ts.Node {
  while (isParenthesizedExpression(node) || isAsExpression(node) || isSatisfiesExpression(node) ||
         isNonNullExpression(node) || isTypeAssertionExpression(node)) {
    node = node.parent;
  }
  return node;
}

/** Pattern: module.exports.x = …, exports.x = … → `x`; a.b = … → `a.b`. */
function assignmentTargetName(target: ts.Expression): string | undefined {
  if (isIdentifier(target)) return target.text;
  if (isPropertyAccessExpression(target)) {
    const object = target.expression;
    const isExports = (isIdentifier(object) && object.text === 'exports') ||
      (isPropertyAccessExpression(object) && isIdentifier(object.expression) &&
        object.expression.text === 'module' && object.name.text === 'exports');
    if (isExports) return target.name.text;
    if (isIdentifier(object) && object.text === 'module' && target.name.text === 'exports') return 'module.exports';
    const prefix = assignmentTargetName(object);
    return prefix ? `${prefix}.${target.name.text}` : target.name.text;
  }
  if (isElementAccessExpression(target) && isStringLiteralLike(target.argumentExpression)) {
    const prefix = assignmentTargetName(target.expression);
    return prefix ? `${prefix}.${target.argumentExpression.text}` : target.argumentExpression.text;
  }
  return undefined;
}

function hasDefaultModifier(node: ts.Node): boolean {
  return canHaveModifiers(node) && !!getModifiers(node)?.some((m) => m.kind === SyntaxKind.DefaultKeyword);
}

/** Names a function-like node. `<anonymous>` when nothing names it (e.g. a callback argument). */
export function nameUnit(node: ts.SignatureDeclaration): UnitNaming {
  // Without a name, hovers and lenses anchor on the function itself.
  const anchor = (n: ts.Node | undefined): ts.Node => n ?? node;

  if (isConstructorDeclaration(node) || isMethodDeclaration(node) || isGetAccessor(node) || isSetAccessor(node)) {
    const key = isConstructorDeclaration(node) ? 'constructor' : propertyKeyText(node.name);
    const nameNode = isConstructorDeclaration(node)
      ? node
      : node.name;
    if (isClassLike(node.parent)) {
      const cls = className(node.parent);
      return { name: `${cls}.${key}`, nameNode, declNode: node, className: cls };
    }
    return { name: key, nameNode, declNode: node };
  }

  if (isFunctionDeclaration(node)) {
    if (node.name) return { name: node.name.text, nameNode: node.name, declNode: node };
    return { name: hasDefaultModifier(node) ? 'default' : '<anonymous>', nameNode: anchor(undefined), declNode: node };
  }

  if (isFunctionExpression(node) || isArrowFunction(node)) {
    const parent = skipWrappers(node.parent);
    if (isVariableDeclaration(parent) && isIdentifier(parent.name)) {
      const statement = parent.parent?.parent;
      return { name: parent.name.text, nameNode: parent.name, declNode: statement && isVariableStatement(statement) ? statement : parent };
    }
    if (isPropertyAssignment(parent)) {
      return { name: propertyKeyText(parent.name), nameNode: parent.name, declNode: parent };
    }
    if (isPropertyDeclaration(parent) && isClassLike(parent.parent)) {
      const cls = className(parent.parent);
      return { name: `${cls}.${propertyKeyText(parent.name)}`, nameNode: parent.name, declNode: parent, className: cls };
    }
    if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      const name = assignmentTargetName(parent.left);
      if (name) return { name, nameNode: parent.left, declNode: isExpressionStatement(parent.parent) ? parent.parent : parent };
    }
    if (isExportAssignment(parent)) return { name: 'default', nameNode: anchor(undefined), declNode: parent };
    if (isFunctionExpression(node) && node.name) return { name: node.name.text, nameNode: node.name, declNode: node };
  }
  return { name: '<anonymous>', nameNode: anchor(undefined), declNode: node };
}
